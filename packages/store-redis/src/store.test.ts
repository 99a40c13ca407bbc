import { readSSE, type SSEMessage, sse } from '@sluice/core';
import { eventStoreContract } from '@sluice/core/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../test/eventually.ts';
import { type RedisServer, startRedisServer } from '../test/redis-server.ts';
import { type RedisEventStore, redisEventStore } from './store.ts';

let redis: RedisServer;
const stores: RedisEventStore[] = [];
const open = (options: Parameters<typeof redisEventStore>[0]) => {
  const store = redisEventStore(options);
  stores.push(store);
  return store;
};
const message = (seq: number, data = `event ${seq}`) => ({ seq, event: 'message', data });
const noWait = { limit: 10_000, waitMs: 0 };

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis?.stop();
});

// MAXLEN ~ trims whole stream nodes (stream-node-max-entries, 100 by default): up to 100 more.
const contractOptions = { maxEventsSlack: 100 };

describe('redisEventStore: the SSEEventStore contract', () => {
  let shared: RedisEventStore;
  beforeAll(() => {
    shared = open({ url: redis.url, keyPrefix: 'contract:' });
  });
  const cases = eventStoreContract(
    (limits) => (limits ? open({ url: redis.url, keyPrefix: 'contract:', ...limits }) : shared),
    contractOptions,
  );
  for (const { name, run } of cases) it(name, run);
});

describe('redisEventStore with a node-redis client of your own (RESP3)', () => {
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    client = createClient({ url: redis.url });
    await client.connect();
  });
  afterAll(() => client.destroy());
  const cases = eventStoreContract(
    (limits) => open({ client, keyPrefix: 'own-client:', ...limits }),
    contractOptions,
  );
  for (const { name, run } of cases) it(name, run);
});

describe('redisEventStore limits', () => {
  it('keeps about maxEvents per stream (MAXLEN ~); reads start at the oldest kept', async () => {
    const store = open({ url: redis.url, keyPrefix: 'limits:', maxEvents: 50 });
    await store.create('s', 60_000);
    for (let seq = 1; seq <= 1000; seq++) expect(await store.append('s', message(seq))).toBe(true);
    const length = Number(await redis.command(['XLEN', 'limits:{s}']));
    // Trimming drops whole radix-tree nodes (stream-node-max-entries, 100 by default).
    expect(length).toBeGreaterThanOrEqual(50);
    expect(length).toBeLessThanOrEqual(50 + 100);
    const kept = await store.read('s', 0, noWait);
    expect(kept.length).toBe(length);
    expect(kept.at(-1)?.seq).toBe(1000);
    expect(kept.map((event) => event.seq)).toEqual(
      Array.from({ length }, (_, i) => 1001 - length + i),
    );
    expect(await store.info('s')).toEqual({ lastSeq: 1000, ended: false, producing: true });
  });

  it('forgets a stream ttlMs after its last write, so the id can start over', async () => {
    const store = open({ url: redis.url, keyPrefix: 'ttl:', ttlMs: 200 });
    await store.create('s', 100);
    await store.append('s', message(1));
    const ttl = Number(await redis.command(['PTTL', 'ttl:{s}']));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(200);
    await eventually(async () => (await store.info('s')) === undefined, 'the stream expired');
    expect(await redis.command(['EXISTS', 'ttl:{s}'])).toBe('0');
    expect(await store.create('s', 100)).toBe(true);
  });

  it('keeps a stream at least as long as its lease', async () => {
    const store = open({ url: redis.url, keyPrefix: 'ttl-lease:', ttlMs: 100 });
    await store.create('s', 60_000);
    expect(Number(await redis.command(['PTTL', 'ttl-lease:{s}']))).toBeGreaterThan(1000);
  });

  it('reports producing false once the lease lapses without renewal; renew takes it back', async () => {
    const store = open({ url: redis.url, keyPrefix: 'lease:' });
    await store.create('s', 50);
    await eventually(async () => (await store.info('s'))?.producing === false, 'the lease expired');
    expect(await store.info('s')).toEqual({ lastSeq: 0, ended: false, producing: false });
    expect(await store.renew('s', 60_000)).toBe(true);
    expect((await store.info('s'))?.producing).toBe(true);
  });

  it("its leaseMs is sse()'s default lease; sse()'s own leaseMs wins", async () => {
    const store = open({ url: redis.url, keyPrefix: 'own-lease:', leaseMs: 5000 });
    expect(store.leaseMs).toBe(5000);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* afterGate() {
      await gate; // the lease stays until the producer ends
      yield 'done';
    }
    const leaseTtl = async (id: string, leaseMs?: number) => {
      const response = await sse(afterGate(), { store, streamId: id, leaseMs });
      await response.body?.cancel();
      return Number(await redis.command(['PTTL', `own-lease:{${id}}:lease`]));
    };
    const storeDefault = await leaseTtl('default');
    expect(storeDefault).toBeGreaterThan(0);
    expect(storeDefault).toBeLessThanOrEqual(5000);
    expect(await leaseTtl('explicit', 60_000)).toBeGreaterThan(5000);
    release();
    expect(open({ url: redis.url }).leaseMs).toBeUndefined();
  });

  it('stores one stream key plus a lease key per stream, under keyPrefix', async () => {
    const store = open({ url: redis.url, keyPrefix: 'layout:' });
    await store.create('chat-1', 60_000);
    await store.append('chat-1', message(1));
    expect(await redis.command(['TYPE', 'layout:{chat-1}'])).toBe('stream');
    expect(await redis.command(['GET', 'layout:{chat-1}:lease'])).toBe('live');
    await store.append('chat-1', { seq: 2, event: 'end', data: '{}' });
    expect(await redis.command(['EXISTS', 'layout:{chat-1}:lease'])).toBe('0');
  });

  it('a reader that had everything waits for the next append, or takes what arrived meanwhile', async () => {
    const store = open({ url: redis.url, keyPrefix: 'caught-up:' });
    await store.create('s', 60_000);
    await store.append('s', message(1));
    const reader = new AbortController();
    const options = { limit: 10, waitMs: 30_000, signal: reader.signal };
    expect(await store.read('s', 0, options)).toEqual([message(1)]);
    const waiting = store.read('s', 1, options);
    await store.append('s', message(2));
    expect(await waiting).toEqual([message(2)]);
    await store.append('s', message(3));
    await store.append('s', message(4));
    expect(await store.read('s', 2, options)).toEqual([message(3), message(4)]);
    expect(await store.read('s', 2, { ...options, limit: 1 })).toEqual([message(3)]);
    expect(await store.read('s', 3, options)).toEqual([message(4)]);
  });

  it('reloads its scripts after Redis lost them (SCRIPT FLUSH, restart, failover)', async () => {
    const store = open({ url: redis.url, keyPrefix: 'noscript:' });
    await store.create('s', 60_000);
    await redis.command(['SCRIPT', 'FLUSH']);
    expect(await store.append('s', message(1))).toBe(true);
    expect(await store.read('s', 0, noWait)).toEqual([message(1)]);
  });
});

describe('sse() through redisEventStore', () => {
  it('stores a fast source in runs (appendMany) and the stream verifies', async () => {
    const store = open({ url: redis.url, keyPrefix: 'runs:' });
    const events = Array.from({ length: 2000 }, (_, i) => ({
      event: i % 7 === 0 ? 'usage' : undefined,
      data: `tok ${i + 1} ✓\nline 2`,
    }));
    const calls = async () =>
      Number(
        /cmdstat_evalsha:calls=(\d+)/.exec(await redis.command(['INFO', 'commandstats']))?.[1] ?? 0,
      );
    const before = await calls();
    const messages: SSEMessage[] = [];
    for await (const message of readSSE(await sse(events, { store, streamId: 's' }))) {
      messages.push(message);
    }
    expect(messages.map((message) => message.data)).toEqual(events.map((event) => event.data));
    // create, runs of up to 64 events, end, and the readers' info: far fewer than one per event.
    expect((await calls()) - before).toBeLessThan(200);
  });
});
