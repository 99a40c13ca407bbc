// CPU time to stream 100 MiB (1600 x 64 KiB chunks) into the same fake response stream:
// a raw pipe (app.fetch, then reader -> write, waiting for drain) vs ours vs Hono's streamHandle.
// Reported as throughput per CPU second (higher is better), median of ROUNDS interleaved runs.
// Usage: pnpm bench adapter-lambda/bench/stream   (or node bench/stream.ts)
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
const CHUNK = 64 * 1024;
const CHUNKS = quick ? 160 : 1600;
const STREAM_BYTES = CHUNK * CHUNKS;
const REPEAT = quick ? 1 : 5; // streams per measurement, to rise above timer noise
const ROUNDS = quick ? 5 : 7;
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

async function viaHandler(handler: Handler): Promise<void> {
  for (let i = 0; i < REPEAT; i++) {
    const stream = fakeResponseStream();
    await handler(functionUrlEvent(), stream, context);
    if (stream.bytes < STREAM_BYTES) throw new Error(`short: ${stream.bytes}`);
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
  if (stream.bytes !== STREAM_BYTES) throw new Error('short');
}

const runs = {
  raw: rawPipe,
  sluice: () => viaHandler(ours),
  hono: () => viaHandler(hono),
};
for (const run of Object.values(runs)) await run(); // warm up
const samples = await interleaved(['raw', 'sluice', 'hono'] as const, ROUNDS, async (name) => {
  const seconds = (await cpuMicros(runs[name])) / 1e6;
  return (REPEAT * STREAM_BYTES) / 1e6 / seconds;
});
const mbPerCpuSecond = (name: 'raw' | 'sluice' | 'hono') => median(samples.get(name)!);
const raw = { name: 'raw pipe (reader -> write, drain-aware)', value: mbPerCpuSecond('raw') };
const detail = `${STREAM_BYTES / 2 ** 20} MiB in 64 KiB chunks into a discarding stream, ${REPEAT} streams per run, median of ${ROUNDS} interleaved runs`;
const sluice = mbPerCpuSecond('sluice');
emit({
  id: 'lambda.stream-100mb',
  title: 'Lambda streamHandle: 100 MiB stream, MB per CPU second, vs raw pipe',
  unit: 'MB/CPU s',
  value: sluice,
  baseline: raw,
  goal: '>= 0.95x raw pipe',
  met: sluice / raw.value >= 0.95,
  detail,
});
emit({
  id: 'lambda.stream-100mb.hono',
  title: 'Hono streamHandle: 100 MiB stream, MB per CPU second, vs raw pipe',
  unit: 'MB/CPU s',
  value: mbPerCpuSecond('hono'),
  baseline: raw,
  detail,
});
