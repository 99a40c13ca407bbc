// Resume across Node processes sharing one Redis: A produces, the client is cut and resumes on B.
import { connectSSE, readSSE, type SSEMessage, SSEServerError } from '@sluice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedEvent } from './fixtures/sse-app.ts';
import { type ServerProcess, startServerProcess } from './processes.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';
import { type RoutedRequest, routedFetch } from './routed-fetch.ts';

const LEASE_MS = 1000;
let redis: RedisServer;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  const env = { REDIS_URL: redis.url, LEASE_MS: String(LEASE_MS), HEARTBEAT_MS: '250' };
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});
afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
  await redis?.stop();
});

const streamUrl = (id: string, events: number, delayMs: number) =>
  `http://app.invalid/stream/${id}?events=${events}&delayMs=${delayMs}`;

const expected = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: String(i + 1), ...expectedEvent(i + 1) }));

async function read(stream: AsyncIterable<SSEMessage>, onMessage?: (count: number) => void) {
  const messages: SSEMessage[] = [];
  try {
    for await (const message of stream) {
      messages.push(message);
      onMessage?.(messages.length);
    }
    return { messages, error: undefined };
  } catch (error) {
    return { messages, error };
  }
}

describe('resume across Node processes', () => {
  it('cut after 50 events from A, resumed on B: every event once, digest verifies', async () => {
    const log: RoutedRequest[] = [];
    const fetchVia = routedFetch([{ base: a.url, cutAfterEvents: 50 }, { base: b.url }], log);
    const { messages, error } = await read(
      connectSSE(streamUrl('across', 120, 3), { fetch: fetchVia, retryMs: 1 }),
    );
    expect(error).toBeUndefined(); // connectSSE verified count, bytes and digest of `end`
    expect(messages).toEqual(expected(120));
    expect(log).toEqual([
      { base: a.url, lastEventId: null },
      { base: b.url, lastEventId: '50' },
    ]);
  });

  it('an explicit cancel on B stops the producer on A; the reader gets end aborted', async () => {
    const log: RoutedRequest[] = [];
    const fetchVia = routedFetch([{ base: a.url, cutAfterEvents: 3 }, { base: b.url }], log);
    const { messages, error } = await read(
      connectSSE(streamUrl('cancelled', 100_000, 10), { fetch: fetchVia, retryMs: 1 }),
      (count) => {
        if (count === 10) void fetch(`${b.url}/stream/cancelled/cancel`, { method: 'POST' });
      },
    );
    expect(error).toBeInstanceOf(SSEServerError);
    expect((error as SSEServerError).status).toBe('aborted');
    expect((error as SSEServerError).end.count).toBe(messages.length);
    expect(messages).toEqual(expected(messages.length));
    expect(messages.length).toBeGreaterThanOrEqual(10);
  });

  it('the producer process dies: the reader on B gets end aborted, and so does a later reader', async () => {
    const log: RoutedRequest[] = [];
    const fetchVia = routedFetch([{ base: a.url, cutAfterEvents: 5 }, { base: b.url }], log);
    const { messages, error } = await read(
      connectSSE(streamUrl('orphan', 100_000, 10), { fetch: fetchVia, retryMs: 1 }),
      (count) => {
        if (count === 20) void a.kill();
      },
    );
    expect(error).toBeInstanceOf(SSEServerError);
    expect((error as SSEServerError).status).toBe('aborted');
    const count = messages.length;
    expect((error as SSEServerError).end.count).toBe(count);
    expect(messages).toEqual(expected(count));
    expect(log.map((request) => request.base)).toEqual([a.url, b.url]);

    // The aborted `end` is in the log: a reader arriving later replays it, or gets 204 after it.
    const late = await fetch(`${b.url}/stream/orphan`, { headers: { 'last-event-id': '0' } });
    const replay = await read(readSSE(late));
    expect(replay.messages).toEqual(expected(count));
    expect((replay.error as SSEServerError).end.status).toBe('aborted');
    const after = await fetch(`${b.url}/stream/orphan`, {
      headers: { 'last-event-id': String(count + 1) },
    });
    expect(after.status).toBe(204);
  });
});
