// Issue 7, item 2 (the 1 GB half; adapter-node's own bench covers 100 MB): a 1 GiB response
// from @sluice/adapter-node (a ReadableStream of 64 KiB chunks) vs raw node:http writing the same
// chunks in a drain-aware loop; curl downloads it (separate process, body discarded). A fresh
// server process per run, so its peak RSS growth belongs to that one response. Interleaved.
import { emit, median, quick } from '../lib/record.ts';
import { interleaved } from '../lib/stats.ts';
import { curlDownload, startServer } from './_lib/children.ts';
import type { ServerStats } from './_lib/server.ts';

const BYTES = (quick ? 64 : 1024) * 2 ** 20;
const ROUNDS = quick ? 3 : 5;
const MB = 1e6;

const runs = await interleaved(['node:http', 'adapter-node'] as const, ROUNDS, async (kind) => {
  const server = await startServer(kind, 'bytes');
  try {
    await curlDownload(`${server.url}/?n=${2 ** 20}`); // warm paths
    const before = await server.ask<ServerStats>('stats');
    const { bytes, seconds } = await curlDownload(`${server.url}/?n=${BYTES}`);
    if (bytes !== BYTES) throw new Error(`${kind}: received ${bytes} of ${BYTES} bytes`);
    const after = await server.ask<ServerStats>('stats');
    return {
      mbps: bytes / MB / seconds,
      rssGrowthMb: Math.max(0, after.peakRss - before.rss) / MB,
    };
  } finally {
    await server.stop();
  }
});

const of = (kind: 'node:http' | 'adapter-node', key: 'mbps' | 'rssGrowthMb') =>
  median(runs.get(kind)!.map((run) => run[key]));
const detail = `${BYTES / 2 ** 20} MiB in 64 KiB chunks, curl client, fresh server per run, median of ${ROUNDS} interleaved runs`;
const speed = of('adapter-node', 'mbps');
const baseline = of('node:http', 'mbps');
emit({
  id: 'node.stream-1gb',
  title: 'adapter-node: 1 GiB stream throughput, vs raw node:http write loop',
  unit: 'MB/s',
  value: speed,
  baseline: { name: 'raw node:http write loop', value: baseline },
  goal: '>= 0.95x raw',
  met: speed / baseline >= 0.95,
  detail,
});
const growth = of('adapter-node', 'rssGrowthMb');
emit({
  id: 'node.stream-1gb.peak-rss',
  title: 'adapter-node: 1 GiB stream, server peak RSS growth, vs raw node:http',
  unit: 'MB',
  value: growth,
  baseline: { name: 'raw node:http write loop', value: of('node:http', 'rssGrowthMb') },
  goal: 'flat (< 32 MB growth)',
  met: growth < 32,
  detail,
});
