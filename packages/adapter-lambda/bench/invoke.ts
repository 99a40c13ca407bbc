// CPU time per small (1 KB) streamed invoke: ours vs Hono's streamHandle, same Hono app, same
// fake response stream, in process. Interleaved rounds, median of ROUNDS; BenchRecord lines.
// Usage: pnpm bench adapter-lambda/bench/invoke   (or node bench/invoke.ts)
import { Hono } from 'hono';
import { streamHandle as honoStreamHandle } from 'hono/aws-lambda';
import { emit, median, quick } from '../../../bench/lib/record.ts';
import { interleaved } from '../../../bench/lib/stats.ts';
import { streamHandle } from '../src/index.ts';
import {
  context,
  cpuMicros,
  fakeResponseStream,
  functionUrlEvent,
  installAwsLambdaGlobal,
} from './_fake-stream.ts';

installAwsLambdaGlobal();
const body = 'x'.repeat(1024);
const app = new Hono();
app.get('/', (c) => c.text(body));

type Handler = (event: unknown, stream: unknown, context: unknown) => Promise<void>;
const candidates = {
  sluice: streamHandle(app) as Handler,
  hono: honoStreamHandle(app) as unknown as Handler,
};

async function run(handler: Handler, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const stream = fakeResponseStream();
    await handler(functionUrlEvent(), stream, context);
    if (stream.bytes < 1024) throw new Error('short body');
  }
}

const N = quick ? 500 : 20_000;
const ROUNDS = quick ? 5 : 7;
for (const handler of Object.values(candidates)) await run(handler, quick ? 200 : 3_000); // warm up
const samples = await interleaved(['sluice', 'hono'] as const, ROUNDS, async (name) => {
  return (await cpuMicros(() => run(candidates[name], N))) / N;
});
const ours = median(samples.get('sluice')!);
const hono = median(samples.get('hono')!);
emit({
  id: 'lambda.invoke-cpu',
  title: 'Lambda streamHandle: CPU per 1 KB invoke, vs Hono streamHandle',
  unit: 'µs',
  value: ours,
  baseline: { name: 'Hono streamHandle', value: hono },
  goal: '<= 0.5x Hono',
  met: ours / hono <= 0.5,
  detail: `user+system CPU per invoke, ${N} invokes per run, median of ${ROUNDS} interleaved runs`,
});
