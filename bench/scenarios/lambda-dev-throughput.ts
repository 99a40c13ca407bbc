// Issue 7, item 7 (throughput): 200 MiB streamed by a Lambda handler (esbuild bundle,
// streamHandle, 64 KiB chunks) through the Lambda dev server under aws-lambda-ric, downloaded by
// curl, vs the same app served directly by @sluice/adapter-node. Interleaved, median of runs.
import { emit, median, quick } from '../lib/record.ts';
import { interleaved } from '../lib/stats.ts';
import { curlDownload, type ServerChild, startServer } from './_lib/children.ts';

const BYTES = (quick ? 20 : 200) * 2 ** 20;
const ROUNDS = quick ? 3 : 5;
const KINDS = ['lambda-dev', 'adapter-node'] as const;

const servers = new Map<string, ServerChild>();
try {
  for (const kind of KINDS) servers.set(kind, await startServer(kind, 'bytes'));
  const megabytesPerSecond = async (kind: string, bytes: number) => {
    const { bytes: received, seconds } = await curlDownload(
      `${servers.get(kind)!.url}/bytes?n=${bytes}`,
    );
    if (received !== bytes) throw new Error(`${kind}: received ${received} of ${bytes} bytes`);
    return bytes / 1e6 / seconds;
  };
  for (const kind of KINDS) await megabytesPerSecond(kind, 2 ** 20); // warm-up, cold start
  const runs = await interleaved(KINDS, ROUNDS, (kind) => megabytesPerSecond(kind, BYTES));
  const value = median(runs.get('lambda-dev')!);
  emit({
    id: 'lambda-dev.throughput',
    title: 'Lambda dev server (ric): 200 MiB stream throughput, vs the app on adapter-node',
    unit: 'MB/s',
    value,
    baseline: {
      name: 'same app on @sluice/adapter-node',
      value: median(runs.get('adapter-node')!),
    },
    goal: '>= 0.5 GB/s',
    met: value >= 500,
    detail: `${BYTES / 2 ** 20} MiB in 64 KiB chunks, curl client, median of ${ROUNDS} interleaved runs`,
  });
} finally {
  await Promise.all([...servers.values()].map((server) => server.stop()));
}
