// Bench child: one measurement against the dev server, from its own process.
// Usage: node _invoke-client.ts <mode> <base-url> <count> <skip>
//   chunks-url     per-line latency, Function URL (undici), lines stamped by the function
//   chunks-stream  same, InvokeWithResponseStream frames (undici + the SDK's event-stream codec)
//   chunks-sdk     same, read with @aws-sdk/client-lambda InvokeWithResponseStreamCommand
//   calls-url      sequential round trips, Function URL GET (undici, one keep-alive connection)
//   calls-invoke   same, POST .../invocations (undici)
//   calls-sdk      same, @aws-sdk/client-lambda InvokeCommand
// IPC: sends { p50Ms, p99Ms, count }, then exits.
import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { Agent, request } from 'undici';
import { percentile } from '../../../bench/lib/stats.ts';
import { nowMicros } from '../../../bench/scenarios/_lib/clock.ts';

const [mode = '', base = '', countArg = '100', skipArg = '0'] = process.argv.slice(2);
const count = Number(countArg);
const skip = Number(skipArg);
const dispatcher = new Agent({ connections: 1 });
const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);
const sdk = new LambdaClient({
  endpoint: base,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  maxAttempts: 1,
});
const samples: number[] = [];

/** Stamps every complete line of text with its arrival time. */
function lineTimer() {
  let pending = '';
  let seen = 0;
  return {
    push(text: string) {
      const arrived = nowMicros();
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (seen++ >= skip) samples.push((arrived - Number(line)) / 1000);
    },
    get seen() {
      return seen;
    },
  };
}

async function chunksUrl(): Promise<number> {
  const timer = lineTimer();
  const { body } = await request(`${base}/?n=${count}`, { dispatcher });
  for await (const chunk of body) timer.push(Buffer.from(chunk).toString('utf8'));
  return timer.seen;
}

async function chunksStream(): Promise<number> {
  const timer = lineTimer();
  const { body } = await request(
    `${base}/2021-11-15/functions/ticks/response-streaming-invocations`,
    {
      method: 'POST',
      body: JSON.stringify({ n: count }),
      dispatcher,
    },
  );
  let buffer = Buffer.alloc(0);
  for await (const chunk of body) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    while (buffer.length >= 4 && buffer.length >= buffer.readUInt32BE(0)) {
      const size = buffer.readUInt32BE(0);
      const message = codec.decode(buffer.subarray(0, size));
      buffer = buffer.subarray(size);
      if (message.headers[':event-type']?.value === 'PayloadChunk') {
        timer.push(Buffer.from(message.body).toString('utf8'));
      }
    }
  }
  return timer.seen;
}

async function chunksSdk(): Promise<number> {
  const timer = lineTimer();
  const out = await sdk.send(
    new InvokeWithResponseStreamCommand({
      FunctionName: 'ticks',
      Payload: Buffer.from(JSON.stringify({ n: count })),
    }),
  );
  for await (const event of out.EventStream ?? []) {
    if (event.PayloadChunk?.Payload)
      timer.push(Buffer.from(event.PayloadChunk.Payload).toString('utf8'));
  }
  return timer.seen;
}

async function calls(once: () => Promise<void>): Promise<number> {
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await once();
    if (i >= skip) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return count;
}

async function undiciCall(url: string, method: 'GET' | 'POST'): Promise<void> {
  const { statusCode, body } = await request(url, {
    method,
    ...(method === 'POST' ? { body: '{}' } : {}),
    dispatcher,
  });
  const text = await body.text();
  if (statusCode !== 200 || !text.includes('ok')) throw new Error(`status ${statusCode}: ${text}`);
}

const modes: Record<string, () => Promise<number>> = {
  'chunks-url': chunksUrl,
  'chunks-stream': chunksStream,
  'chunks-sdk': chunksSdk,
  'calls-url': () => calls(() => undiciCall(`${base}/`, 'GET')),
  'calls-invoke': () =>
    calls(() => undiciCall(`${base}/2015-03-31/functions/small/invocations`, 'POST')),
  'calls-sdk': () =>
    calls(async () => {
      const out = await sdk.send(
        new InvokeCommand({ FunctionName: 'small', Payload: Buffer.from('{}') }),
      );
      if (out.StatusCode !== 200 || out.FunctionError) throw new Error('invoke failed');
    }),
};

const run = modes[mode];
if (!run) throw new Error(`unknown mode ${mode}`);
const seen = await run();
if (seen !== count) throw new Error(`${mode}: saw ${seen} of ${count}`);
process.send?.(
  { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), count: samples.length },
  () => process.exit(0),
);
