// Events per second of sse() -> readSSE() (writer + verifying reader, in process) with sha-256,
// crc32 and no digest, against Hono's streamSSE read by eventsource-parser, on the same events.
// Interleaved A/B (variant order rotates every round); prints one JSON line per variant with the
// median of ROUNDS runs. Usage: pnpm bench (node --conditions=@sluice/source bench/sse-throughput.ts)
import { createParser } from 'eventsource-parser';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { checksumImplementation } from '#checksum';
import { readSSE, sse } from '../src/index.ts';

const EVENTS = 50_000;
const ROUNDS = 7;

/** LLM-shaped deltas: small JSON objects, a few with an event type. */
const events = Array.from({ length: EVENTS }, (_, i) => ({
  event: i % 100 === 99 ? 'usage' : undefined,
  data: JSON.stringify({ type: 'text-delta', delta: `token ${i} ` }),
}));

async function* eventSource() {
  yield* events;
}

type Variant = () => Promise<number>;

const sluice =
  (
    checksum: 'sha-256' | 'crc32' | false,
    readerChecksum: 'sha-256' | 'crc32' | 'auto' | false,
  ): Variant =>
  async () => {
    let received = 0;
    const response = sse(eventSource(), { checksum, heartbeatMs: 0 });
    for await (const _ of readSSE(response, { checksum: readerChecksum })) received++;
    return received;
  };

const hono = new Hono().get('/', (c) =>
  streamSSE(c, async (stream) => {
    let id = 0;
    for (const { event, data } of events) await stream.writeSSE({ data, event, id: String(++id) });
  }),
);

const honoStreamSSE: Variant = async () => {
  let received = 0;
  const parser = createParser({ onEvent: () => received++ });
  const response = await hono.request('/');
  for await (const text of response.body!.pipeThrough(new TextDecoderStream())) parser.feed(text);
  return received;
};

const variants: Record<string, Variant> = {
  'sluice sha-256': sluice('sha-256', 'sha-256'),
  'sluice crc32': sluice('crc32', 'crc32'),
  'sluice off': sluice(false, false),
  'sluice sha-256, reader auto': sluice('sha-256', 'auto'),
  'hono streamSSE': honoStreamSSE,
};

async function eventsPerSecond(variant: Variant): Promise<number> {
  const started = performance.now();
  const received = await variant();
  const seconds = (performance.now() - started) / 1000;
  if (received !== EVENTS) throw new Error(`received ${received} of ${EVENTS} events`);
  return EVENTS / seconds;
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[values.length >> 1]!;

const names = Object.keys(variants);
const samples = new Map<string, number[]>(names.map((name) => [name, []]));
for (const name of names) await eventsPerSecond(variants[name]!); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(round + i) % names.length]!;
    samples.get(name)!.push(await eventsPerSecond(variants[name]!));
  }
}

const result = new Map(names.map((name) => [name, median(samples.get(name)!)]));
const off = result.get('sluice off')!;
const honoRate = result.get('hono streamSSE')!;
for (const [variant, rate] of result) {
  console.log(
    JSON.stringify({
      bench: 'sse-throughput',
      variant,
      eventsPerSecond: Math.round(rate),
      vsHonoStreamSSE: Number((rate / honoRate).toFixed(2)),
      costVsOff: variant.startsWith('sluice') ? `${(100 * (1 - rate / off)).toFixed(1)}%` : null,
      events: EVENTS,
      rounds: ROUNDS,
      checksums: checksumImplementation,
      node: process.version,
    }),
  );
}
