// 100 MB streamed response: @sluice/adapter-node (a ReadableStream of 64 KiB chunks) vs raw
// node:http writing the same chunks in a drain-aware loop. The client is curl (a separate
// process, discarding the body). Each fresh server first serves one untimed download (the
// warm-up of BENCHMARKS.md's rules: a cold server spends much of a ~70 ms download in
// unoptimised code); throughput is curl's speed on the second one. Peak RSS growth is the
// server's max RSS during the first (cold) download minus its RSS just before.
// Interleaved, median of RUNS.
// Usage: node bench/stream.ts   (env: RUNS=9; BENCH_QUICK=1)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { emit, median, quick } from '../../../bench/lib/record.ts';
import { type ServerStats, startServer } from './_lib/child.ts';
import { STREAM_BYTES } from './_lib/scenarios.ts';

const RUNS = Number(process.env.RUNS ?? (quick ? 1 : 9));
const RAW = 'node:http';
const KINDS = [RAW, '@sluice/adapter-node', '@hono/node-server (globals kept)'];
const run = promisify(execFile);

/** Downloads the stream once with curl: [bytes, seconds]. */
async function download(kind: string, url: string): Promise<[number, number]> {
  const { stdout } = await run('curl', [
    '-sS',
    '-o',
    '/dev/null',
    '-w',
    '%{size_download} %{time_total}',
    `${url}/`,
  ]);
  const [size, seconds] = stdout.split(' ').map(Number) as [number, number];
  if (size !== STREAM_BYTES) throw new Error(`${kind}: got ${size} bytes`);
  return [size, seconds];
}

const speed = new Map<string, number[]>(KINDS.map((kind) => [kind, []]));
/** Server CPU time (user + system) for the timed download: steadier than the speed. */
const cpuMs = new Map<string, number[]>(KINDS.map((kind) => [kind, []]));
const rssGrowth = new Map<string, number[]>(KINDS.map((kind) => [kind, []]));

for (let round = 0; round < RUNS; round++) {
  for (const kind of round % 2 === 0 ? KINDS : KINDS.toReversed()) {
    const server = await startServer('serve-kind.ts', [kind, 'stream']);
    const before = await server.send<ServerStats>('reset');
    await download(kind, server.url);
    const stats = await server.send<ServerStats>('stats');
    await server.send<ServerStats>('reset');
    const [size, seconds] = await download(kind, server.url);
    const { cpuMicros } = await server.send<ServerStats>('stats');
    speed.get(kind)!.push(size / 1e6 / seconds);
    cpuMs.get(kind)!.push(cpuMicros / 1000);
    rssGrowth.get(kind)!.push((stats.peakRss - before.rss) / 1e6);
    await server.stop();
  }
}

const rawSpeed = median(speed.get(RAW)!);
const detail = (kind: string) =>
  `${STREAM_BYTES / 2 ** 20} MiB in 64 KiB chunks, curl client, warm server, median of ${RUNS} ` +
  `interleaved runs: ${speed.get(kind)!.map(Math.round).join(', ')} MB/s; peak RSS growth ` +
  `${rssGrowth
    .get(kind)!
    .map((mb) => mb.toFixed(1))
    .join(', ')} MB; raw loop ${speed.get(RAW)!.map(Math.round).join(', ')} MB/s; server CPU ` +
  `per download (median) ${median(cpuMs.get(kind)!).toFixed(1)} ms, raw loop ` +
  `${median(cpuMs.get(RAW)!).toFixed(1)} ms`;
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
    ...(isOurs ? { goal: '>= 0.97x raw', met: value / rawSpeed >= 0.97 } : {}),
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
