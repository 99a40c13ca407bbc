// CPU time per small (1 KB) streamed invoke: ours vs Hono's streamHandle, same app, same fake
// response stream. Run: node bench/invoke.ts
import { Hono } from 'hono';
import { streamHandle as honoStreamHandle } from 'hono/aws-lambda';
import { streamHandle } from '../src/index.ts';
import {
  context,
  cpuMicros,
  fakeResponseStream,
  functionUrlEvent,
  installAwsLambdaGlobal,
} from './fake-stream.ts';

installAwsLambdaGlobal();
const body = 'x'.repeat(1024);
const app = new Hono();
app.get('/', (c) => c.text(body));

type Handler = (event: unknown, stream: unknown, context: unknown) => Promise<void>;
const candidates: Record<string, Handler> = {
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

const N = 20_000;
for (const handler of Object.values(candidates)) await run(handler, 3_000); // warm up
const results: Record<string, number> = {};
for (let round = 0; round < 3; round++) {
  for (const [name, handler] of Object.entries(candidates)) {
    const micros = (await cpuMicros(() => run(handler, N))) / N;
    results[name] = Math.min(results[name] ?? Number.POSITIVE_INFINITY, micros);
  }
}
const ratio = results.sluice! / results.hono!;
console.log(`small invoke (1 KB), CPU per invoke, best of 3 x ${N}:`);
console.log(
  `  sluice ${results.sluice!.toFixed(1)} µs   hono ${results.hono!.toFixed(1)} µs   ratio ${ratio.toFixed(2)}x (goal <= 0.5x)`,
);
