// 1,000 resumable streams at once on one Redis: nothing lost, and Redis memory stays bounded by
// maxEvents while they run and returns to where it was once their TTL has passed.
import { readSSE, type SSEMessage, sse } from '@sluice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisEventStore } from '../src/store.ts';
import { eventually } from './eventually.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';

const STREAMS = 1000;
const TTL_MS = 1500;
let redis: RedisServer;

beforeAll(async () => {
  // Small stream nodes, so MAXLEN ~ trims close to maxEvents (it only drops whole nodes).
  redis = await startRedisServer(['--stream-node-max-entries', '10']);
});
afterAll(async () => {
  await redis?.stop();
});

/** Runs Lua over the keys matching `pattern` (test-only: KEYS is fine on a private server). */
const overKeys = async (pattern: string, body: string) =>
  Number(
    await redis.command(['EVAL', `local keys = redis.call('KEYS', ARGV[1]) ${body}`, '0', pattern]),
  );
const keyCount = (pattern: string) => overKeys(pattern, 'return #keys');
const maxStreamLength = (pattern: string) =>
  overKeys(
    pattern,
    `local m = 0 for _, k in ipairs(keys) do
       if redis.call('TYPE', k).ok == 'stream' then m = math.max(m, redis.call('XLEN', k)) end
     end return m`,
  );
const usedMemory = async () =>
  Number(/used_memory:(\d+)/.exec(await redis.command(['INFO', 'memory']))?.[1]);

async function* tokens(stream: number, count: number) {
  for (let i = 1; i <= count; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    yield `stream ${stream} token ${i}`;
  }
}

describe(`${STREAMS} concurrent resumable streams on one Redis`, () => {
  let baselineMemory = 0;

  it('every reader gets every event of its stream exactly once, verified', async () => {
    baselineMemory = await usedMemory();
    const store = redisEventStore({ url: redis.url, keyPrefix: 'live:', ttlMs: TTL_MS });
    const EVENTS = 20;
    const results = await Promise.all(
      Array.from({ length: STREAMS }, async (_, stream) => {
        const response = await sse(tokens(stream, EVENTS), {
          store,
          streamId: `chat-${stream}`,
          heartbeatMs: 1000,
        });
        const messages: SSEMessage[] = [];
        for await (const message of readSSE(response)) messages.push(message);
        return messages.map((message) => message.data);
      }),
    );
    results.forEach((data, stream) => {
      expect(data).toEqual(
        Array.from({ length: EVENTS }, (_, i) => `stream ${stream} token ${i + 1}`),
      );
    });
    expect(await keyCount('live:*')).toBe(STREAMS); // ended streams keep their log, not a lease
    await store.close();
  });

  it('keeps each stream near maxEvents, so memory stops growing; the TTL frees it all', async () => {
    const store = redisEventStore({
      url: redis.url,
      keyPrefix: 'bound:',
      ttlMs: TTL_MS,
      maxEvents: 10,
    });
    const appendRound = (from: number, to: number) =>
      Promise.all(
        Array.from({ length: STREAMS }, async (_, stream) => {
          for (let seq = from; seq <= to; seq++) {
            const data = `token ${seq} of stream ${stream}`;
            expect(await store.append(`s-${stream}`, { seq, event: 'message', data })).toBe(true);
          }
        }),
      );
    await Promise.all(
      Array.from({ length: STREAMS }, (_, stream) => store.create(`s-${stream}`, 500)),
    );
    await appendRound(1, 60);
    const afterFirst = await usedMemory();
    await appendRound(61, 120);
    const growth = (await usedMemory()) - afterFirst;
    // 60,000 more entries would take ~5 MB untrimmed; trimmed, the streams stay the same size.
    expect(growth).toBeLessThan(1024 * 1024);
    expect(await maxStreamLength('bound:*')).toBeLessThanOrEqual(10 + 10);
    await store.close();
    const written = (await usedMemory()) - baselineMemory;

    // DBSIZE counts keys until Redis has actually deleted them (KEYS hides expired ones).
    await eventually(async () => (await redis.command(['DBSIZE'])) === '0', 'every key expired');
    // Both tests' streams are gone; what stays is allocator and hash-table slack.
    expect((await usedMemory()) - baselineMemory).toBeLessThan(written / 2);
  });
});
