// CPU time to stream 100 MiB (1600 x 64 KiB chunks) into the same fake response stream:
// a raw pipe (app.fetch, then reader -> write, waiting for drain) vs ours vs Hono's streamHandle.
// Run: node bench/stream.ts
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
const CHUNK = 64 * 1024;
const CHUNKS = 1600;
const chunk = new Uint8Array(CHUNK).fill(7);

/** The app's body: chunks produced on demand (the sink discards them, so one buffer serves). */
function body(): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream(
    {
      pull(controller) {
        if (sent++ < CHUNKS) controller.enqueue(chunk);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

const app = new Hono();
app.get('/', (c) => c.body(body(), 200, { 'content-type': 'application/octet-stream' }));

type Handler = (event: unknown, stream: unknown, context: unknown) => Promise<void>;
const ours = streamHandle(app) as Handler;
const hono = honoStreamHandle(app) as unknown as Handler;

const REPEAT = 20; // 20 x 100 MiB per measurement, to rise above timer noise

async function viaHandler(handler: Handler): Promise<void> {
  for (let i = 0; i < REPEAT; i++) {
    const stream = fakeResponseStream();
    await handler(functionUrlEvent(), stream, context);
    if (stream.bytes < CHUNK * CHUNKS) throw new Error(`short: ${stream.bytes}`);
  }
}

async function rawPipe(): Promise<void> {
  for (let i = 0; i < REPEAT; i++) await rawPipeOnce();
}

/** The floor: call the app, pipe its body into the stream, nothing else. */
async function rawPipeOnce(): Promise<void> {
  const stream = fakeResponseStream();
  const response = await app.fetch(new Request('https://abcdefg.lambda-url.us-east-1.on.aws/'));
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!stream.write(value)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  await new Promise<void>((resolve) => stream.end(resolve));
  if (stream.bytes !== CHUNK * CHUNKS) throw new Error('short');
}

const runs: Record<string, () => Promise<void>> = {
  raw: rawPipe,
  sluice: () => viaHandler(ours),
  hono: () => viaHandler(hono),
};
for (const run of Object.values(runs)) await run(); // warm up
const best: Record<string, number> = {};
for (let round = 0; round < 10; round++) {
  for (const [name, run] of Object.entries(runs)) {
    best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, await cpuMicros(run));
  }
}
const ms = (name: string) => (best[name]! / 1000 / REPEAT).toFixed(2);
const throughput = (name: string) => best.raw! / best[name]!;
console.log(`100 MiB stream (1600 x 64 KiB), CPU time per stream, best of 10 rounds:`);
console.log(`  raw pipe ${ms('raw')} ms   sluice ${ms('sluice')} ms   hono ${ms('hono')} ms`);
console.log(
  `  throughput vs raw pipe: sluice ${throughput('sluice').toFixed(2)}x (goal >= 0.95x)   hono ${throughput('hono').toFixed(2)}x`,
);
