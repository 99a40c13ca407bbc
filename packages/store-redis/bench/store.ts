// The Redis event store against the memory store on the same events (sse() -> readSSE in process):
// events/s appended and tailed, resume latency over HTTP (request with Last-Event-ID sent -> first
// replayed event received), and the latency live tailing through Redis adds to a direct stream.
// Starts its own redis-server (persistence off); prints one JSON line per figure.
// Usage: node bench/store.ts
import { memoryEventStore, readSSE, type SSEEventStore, sse } from '@sluice/core';
import { emit, median, quick } from '../../../bench/lib/record.ts';
import { runClient } from '../../../bench/scenarios/_lib/children.ts';
import { redisEventStore } from '../src/index.ts';
import { serveOnLoopback } from '../test/fixtures/serve.ts';
import { type RedisServer, startRedisServer } from '../test/redis-server.ts';

const ROUNDS = quick ? 1 : 5;
const EVENTS = quick ? 500 : 5000;
const STREAMS = 100;
const RESUMES = quick ? 30 : 400;
const LIVE_EVENTS = quick ? 100 : 1000;

let redis: RedisServer;
try {
  redis = await startRedisServer();
} catch (error) {
  process.stderr.write(`store-redis bench skipped: ${(error as Error).message}\n`);
  process.exit(0);
}
const stores = {
  memory: memoryEventStore(),
  redis: redisEventStore({ url: redis.url, keyPrefix: 'bench:' }),
};
type StoreName = keyof typeof stores;
const names = Object.keys(stores) as StoreName[];
let nextId = 0;
const streamId = (label: string) => `${label}-${nextId++}`;

/** LLM-shaped deltas, the same for every store. */
const deltas = Array.from({ length: EVENTS }, (_, i) => ({
  event: i % 100 === 99 ? 'usage' : undefined,
  data: JSON.stringify({ type: 'text-delta', delta: `token ${i} ` }),
}));

async function readAll(response: Response): Promise<number> {
  let count = 0;
  for await (const _ of readSSE(response)) count++;
  return count;
}

/** Events/s through sse() with `store` into readSSE, over `streams` concurrent streams. */
async function throughput(store: SSEEventStore, streams: number, events: number) {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: streams }, async () => {
      const source = deltas.slice(0, events);
      const response = await sse(source, { store, streamId: streamId('tp'), heartbeatMs: 0 });
      if ((await readAll(response)) !== events) throw new Error('lost events');
    }),
  );
  return (streams * events) / ((performance.now() - started) / 1000);
}

const percentile = (values: number[], p: number) =>
  values.toSorted((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

/**
 * ms from sending a request with Last-Event-ID to the first replayed event's bytes, measured by
 * a client in its own process (`_resume-client.ts`), the stores and server in this one.
 */
async function resumeLatencies(): Promise<Record<StoreName, number[]>> {
  const ids = {} as Record<StoreName, string>;
  for (const name of names) {
    ids[name] = streamId('resume');
    const response = await sse(deltas.slice(0, 500), { store: stores[name], streamId: ids[name] });
    await readAll(response);
  }
  const server = await serveOnLoopback((request) => {
    const name = new URL(request.url).pathname.slice(1) as StoreName;
    return sse([], { store: stores[name], streamId: ids[name], request, heartbeatMs: 0 });
  });
  const client = new URL('./_resume-client.ts', import.meta.url).href;
  const paths = names.map((name) => `/${name}`);
  const args = [server.url, String(RESUMES), '20', ...paths];
  const samples = await runClient<Record<string, number[]>>(client, args);
  await server.close();
  return { memory: samples['/memory']!, redis: samples['/redis']! };
}

/** Per event: ms from the source yielding it to the reader receiving it. */
async function liveLatencies(store: SSEEventStore | undefined): Promise<number[]> {
  async function* paced() {
    for (let i = 0; i < LIVE_EVENTS; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield String(performance.now());
    }
  }
  const response = store
    ? await sse(paced(), { store, streamId: streamId('live'), heartbeatMs: 0 })
    : sse(paced(), { heartbeatMs: 0 });
  const latencies: number[] = [];
  for await (const message of readSSE(response)) {
    latencies.push(performance.now() - Number(message.data));
  }
  return latencies;
}

// Throughput: interleaved rounds, median per store.
for (const [streams, events] of [
  [1, EVENTS],
  [STREAMS, EVENTS / STREAMS],
] as const) {
  const rates = { memory: [] as number[], redis: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? names : names.toReversed()) {
      rates[name].push(await throughput(stores[name], streams, events));
    }
  }
  const [ours, base] = [median(rates.redis), median(rates.memory)];
  emit({
    id: streams === 1 ? 'store-redis.throughput' : 'store-redis.throughput-concurrent',
    title: `Redis store: events/s appended and tailed, ${streams} stream${streams > 1 ? 's' : ''}`,
    unit: 'events/s',
    value: Math.round(ours),
    baseline: { name: 'memoryEventStore', value: Math.round(base) },
    ratio: ours / base,
    detail: `sse() -> readSSE in process, ${streams} x ${events} events, median of ${ROUNDS}`,
  });
}

const resumes = await resumeLatencies();
for (const [p, label] of [
  [0.5, 'p50'],
  [0.99, 'p99'],
] as const) {
  const [ours, base] = [percentile(resumes.redis, p), percentile(resumes.memory, p)];
  emit({
    id: `store-redis.resume-${label}`,
    title: `Redis store: resume latency ${label} (request sent -> first replayed event)`,
    unit: 'ms',
    value: Number(ours.toFixed(3)),
    baseline: { name: 'memoryEventStore', value: Number(base.toFixed(3)) },
    ratio: ours / base,
    ...(label === 'p99' ? { goal: '<= 5 ms', met: ours <= 5 } : {}),
    detail: `${RESUMES} resumes over loopback HTTP (keep-alive) from a client process, 500 stored events`,
  });
}

const direct = await liveLatencies(undefined);
const tailed = await liveLatencies(stores.redis);
for (const [p, label] of [
  [0.5, 'p50'],
  [0.99, 'p99'],
] as const) {
  const [base, ours] = [percentile(direct, p), percentile(tailed, p)];
  const added = ours - base;
  emit({
    id: `store-redis.tail-added-${label}`,
    title: `Redis store: per-event latency added by live tailing, ${label}`,
    unit: 'ms',
    value: Number(added.toFixed(3)),
    baseline: { name: `direct stream ${label}`, value: Number(base.toFixed(3)) },
    ratio: ours / base,
    ...(label === 'p99' ? { goal: '<= 2 ms', met: added <= 2 } : {}),
    detail: `${LIVE_EVENTS} events 1 ms apart; through Redis ${label} ${ours.toFixed(3)} ms`,
  });
}

await stores.redis.close();
await redis.stop();
