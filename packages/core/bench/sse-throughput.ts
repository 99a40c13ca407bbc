// Events per second of sse() -> readSSE() (writer + verifying reader, in process) with sha-256,
// crc32 and no digest, against Hono's streamSSE read by eventsource-parser, on the same events.
// Interleaved (variant order rotates every round), median of ROUNDS runs; BenchRecord lines.
// Usage: pnpm bench sse-throughput   (or node --conditions=@sluice/source bench/sse-throughput.ts)
import { createParser } from 'eventsource-parser';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { checksumImplementation } from '#checksum';
import { emit, median, quick } from '../../../bench/lib/record.ts';
import { interleaved } from '../../../bench/lib/stats.ts';
import { readSSE, sse } from '../src/index.ts';

const EVENTS = quick ? 2_000 : 50_000;
const ROUNDS = quick ? 5 : 7;

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

const names = Object.keys(variants);
for (const name of names) await eventsPerSecond(variants[name]!); // warm-up
const samples = await interleaved(names, ROUNDS, (name) => eventsPerSecond(variants[name]!));
const rate = (name: string) => median(samples.get(name)!);

const honoBaseline = { name: 'Hono streamSSE + eventsource-parser', value: rate('hono streamSSE') };
const detail = `${EVENTS} events, median of ${ROUNDS} interleaved runs, checksums: ${checksumImplementation}`;
const off = { name: 'sluice, no digest', value: rate('sluice off') };
for (const name of names.filter((n) => n.startsWith('sluice'))) {
  const slug = name.replace('sluice ', '').replace(', reader ', '.reader-').replace(' ', '-');
  const value = rate(name);
  emit({
    id: `core.sse-throughput.${slug}`,
    title: `SSE write + verifying read, ${name.replace('sluice ', 'digest ')}, vs Hono`,
    unit: 'events/s',
    value,
    baseline: honoBaseline,
    goal: '>= 1.5x Hono',
    met: value / honoBaseline.value >= 1.5,
    detail,
  });
  if (name === 'sluice off') continue;
  emit({
    id: `core.sse-checksum-cost.${slug}`,
    title: `SSE ${name.replace('sluice ', 'digest ')} vs no digest`,
    unit: 'events/s',
    value,
    baseline: off,
    goal: 'checksum costs <= 10% (>= 0.90x)',
    met: value / off.value >= 0.9,
    detail,
  });
}
