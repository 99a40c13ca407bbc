// 100 MB streamed response: @sluice/adapter-node (a ReadableStream of 64 KiB chunks) vs raw
// node:http writing the same chunks in a drain-aware loop. The client is curl (a separate
// process, discarding the body); throughput is its download speed. Peak RSS growth is the
// server's max RSS while serving minus its RSS just before. Interleaved, median of RUNS.
// Usage: node bench/stream.ts   (env: RUNS=5; BENCH_QUICK=1)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { emit, median, quick } from '../../../bench/lib/record.ts';
import { type ServerStats, startServer } from './_lib/child.ts';
import { STREAM_BYTES } from './_lib/scenarios.ts';

const RUNS = Number(process.env.RUNS ?? (quick ? 1 : 5));
const RAW = 'node:http';
const KINDS = [RAW, '@sluice/adapter-node', '@hono/node-server (globals kept)'];
const run = promisify(execFile);

const speed = new Map<string, number[]>(KINDS.map((kind) => [kind, []]));
const rssGrowth = new Map<string, number[]>(KINDS.map((kind) => [kind, []]));

for (let round = 0; round < RUNS; round++) {
  for (const kind of round % 2 === 0 ? KINDS : KINDS.toReversed()) {
    const server = await startServer('serve-kind.ts', [kind, 'stream']);
    const before = await server.send<ServerStats>('reset');
    const { stdout } = await run('curl', [
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{size_download} %{time_total}',
      `${server.url}/`,
    ]);
    const [size, seconds] = stdout.split(' ').map(Number) as [number, number];
    if (size !== STREAM_BYTES) throw new Error(`${kind}: got ${size} bytes`);
    const stats = await server.send<ServerStats>('stats');
    speed.get(kind)!.push(size / 1e6 / seconds);
    rssGrowth.get(kind)!.push((stats.peakRss - before.rss) / 1e6);
    await server.stop();
  }
}

const rawSpeed = median(speed.get(RAW)!);
const detail = (kind: string) =>
  `${STREAM_BYTES / 2 ** 20} MiB in 64 KiB chunks, curl client, median of ${RUNS} interleaved ` +
  `runs: ${speed.get(kind)!.map(Math.round).join(', ')} MB/s; peak RSS growth ` +
  `${rssGrowth
    .get(kind)!
    .map((mb) => mb.toFixed(1))
    .join(', ')} MB`;
for (const [kind, id, title] of [
  ['@sluice/adapter-node', 'node.stream.adapter', 'stream 100 MB: @sluice/adapter-node'],
  ['@hono/node-server (globals kept)', 'node.stream.hono', 'stream 100 MB: @hono/node-server'],
] as const) {
  const value = median(speed.get(kind)!);
  const isOurs = kind === '@sluice/adapter-node';
  emit({
    id,
    title,
    unit: 'MB/s',
    value: Math.round(value),
    baseline: { name: 'node:http write loop', value: Math.round(rawSpeed) },
    ratio: value / rawSpeed,
    ...(isOurs ? { goal: '>= 0.95x raw', met: value / rawSpeed >= 0.95 } : {}),
    detail: detail(kind),
  });
}
const growth = median(rssGrowth.get('@sluice/adapter-node')!);
emit({
  id: 'node.stream.adapter.rss',
  title: 'stream 100 MB: @sluice/adapter-node peak RSS growth',
  unit: 'MB',
  value: Number(growth.toFixed(1)),
  baseline: { name: 'node:http write loop', value: Number(median(rssGrowth.get(RAW)!).toFixed(1)) },
  goal: '< 32 MB',
  met: growth < 32,
  detail: detail('@sluice/adapter-node'),
});
