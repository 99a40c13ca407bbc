// Issue 16 (Invoke APIs): what Lambda's Invoke APIs of the dev server cost next to the Function
// URL of the same function, under aws-lambda-ric, each client in its own process.
// - Per chunk: a function writes a line stamped with the machine's monotonic clock every 1 ms;
//   arrival - stamp, p99, through InvokeWithResponseStream vs the Function URL.
// - Per invoke: sequential round trips of a small buffered function, Invoke vs Function URL.
// Interleaved rounds, median of the per-run figures.
// Usage: pnpm bench lambda-dev/bench/invoke-api   (or node --conditions=@sluice/source ...)
import { fork } from 'node:child_process';
import { emit, median, quick } from '../../../bench/lib/record.ts';
import { interleaved } from '../../../bench/lib/stats.ts';

interface Figures {
  p50Ms: number;
  p99Ms: number;
  count: number;
}

const CHUNKS = quick ? 200 : 2000;
const CHUNK_SKIP = quick ? 10 : 50;
const CALLS = quick ? 100 : 2000;
const CALL_SKIP = quick ? 10 : 100;
const ROUNDS = quick ? 3 : 5;

function measure(mode: string, url: string, count: number, skip: number): Promise<Figures> {
  const child = fork(new URL('./_invoke-client.ts', import.meta.url), [
    mode,
    url,
    String(count),
    String(skip),
  ]);
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as Figures));
    child.once('exit', (code) => reject(new Error(`client ${mode} exited with ${code}`)));
  });
}

const server = fork(new URL('./_invoke-server.ts', import.meta.url), [], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
try {
  const urls = await new Promise<{ ticks: string; small: string }>((resolve, reject) => {
    server.once('message', (message) => resolve(message as { ticks: string; small: string }));
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });

  const CHUNK_KINDS = ['chunks-url', 'chunks-stream', 'chunks-sdk'] as const;
  for (const kind of CHUNK_KINDS) await measure(kind, urls.ticks, 20, 0); // warm-up, cold start
  const chunks = await interleaved(CHUNK_KINDS, ROUNDS, (kind) =>
    measure(kind, urls.ticks, CHUNKS, CHUNK_SKIP),
  );
  const CALL_KINDS = ['calls-url', 'calls-invoke', 'calls-sdk'] as const;
  for (const kind of CALL_KINDS) await measure(kind, urls.small, 20, 0);
  const calls = await interleaved(CALL_KINDS, ROUNDS, (kind) =>
    measure(kind, urls.small, CALLS, CALL_SKIP),
  );

  const p = <K extends string>(runs: Map<K, Figures[]>, kind: K, key: 'p50Ms' | 'p99Ms') =>
    median(runs.get(kind)!.map((figures) => figures[key]));
  const ms = (value: number) => `${value.toFixed(3)} ms`;

  const streamP99 = p(chunks, 'chunks-stream', 'p99Ms');
  const urlP99 = p(chunks, 'chunks-url', 'p99Ms');
  const addedP99 = streamP99 - urlP99;
  emit({
    id: 'lambda-dev.invoke-stream.added-latency.p99',
    title:
      'Lambda dev server: InvokeWithResponseStream added latency per chunk, p99 (vs the Function URL, same function)',
    unit: 'ms',
    value: addedP99,
    goal: '<= 1 ms',
    met: addedP99 <= 1,
    detail:
      `${CHUNKS} lines at ~1/ms per run (first ${CHUNK_SKIP} not counted), median of ${ROUNDS} ` +
      `interleaved runs; stream p99 ${ms(streamP99)} (undici + event-stream codec), Function URL ` +
      `p99 ${ms(urlP99)} (undici); p50 ${ms(p(chunks, 'chunks-stream', 'p50Ms'))} vs ` +
      `${ms(p(chunks, 'chunks-url', 'p50Ms'))}; read with @aws-sdk/client-lambda: p99 ` +
      `${ms(p(chunks, 'chunks-sdk', 'p99Ms'))}, p50 ${ms(p(chunks, 'chunks-sdk', 'p50Ms'))}`,
  });

  const invokeP50 = p(calls, 'calls-invoke', 'p50Ms');
  const urlP50 = p(calls, 'calls-url', 'p50Ms');
  emit({
    id: 'lambda-dev.invoke.overhead.p50',
    title: 'Lambda dev server: Invoke round trip p50, small buffered function, vs its Function URL',
    unit: 'ms',
    value: invokeP50,
    baseline: { name: 'Function URL GET, same function', value: urlP50 },
    detail:
      `${CALLS} sequential calls per run on one keep-alive connection (first ${CALL_SKIP} not ` +
      `counted), undici for both, median of ${ROUNDS} interleaved runs; added ` +
      `${ms(invokeP50 - urlP50)}; p99 ${ms(p(calls, 'calls-invoke', 'p99Ms'))} vs ` +
      `${ms(p(calls, 'calls-url', 'p99Ms'))}; @aws-sdk/client-lambda InvokeCommand end to end: ` +
      `p50 ${ms(p(calls, 'calls-sdk', 'p50Ms'))}, p99 ${ms(p(calls, 'calls-sdk', 'p99Ms'))}`,
  });
} finally {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.send('stop');
    const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
