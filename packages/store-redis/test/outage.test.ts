// Redis going away under sse(): 503 JSON before the first byte; after it, `end` with status
// error and code store_unavailable instead of a hang or a silent close. The producer stops, the
// end claims only what was delivered, nothing is left open, and after a restart the stream
// starts over (reset).
import { connectSSE, readSSE, type SSEMessage, SSEServerError, sse } from '@sluice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisEventStore, redisEventStore } from '../src/store.ts';
import { eventually } from './eventually.ts';
import { type Server, serveOnLoopback } from './fixtures/serve.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

function handles() {
  const types = process.getActiveResourcesInfo();
  return {
    sockets: types.filter((type) => type === 'TCPSocketWrap' || type === 'TCPServerWrap').length,
    timers: types.filter((type) => type === 'Timeout').length,
  };
}

interface SourceState {
  started: boolean;
  stopped: boolean;
}

/** A paced source that records whether it ran and was stopped (its finally ran). */
function pacedSource(state: SourceState) {
  return async function* () {
    state.started = true;
    try {
      for (let i = 1; i <= 100_000; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield `token ${i}`;
      }
    } finally {
      state.stopped = true;
    }
  };
}

function streamApp(store: RedisEventStore, state: SourceState) {
  const source = pacedSource(state);
  return (request: Request) =>
    sse(source(), {
      store,
      streamId: new URL(request.url).pathname.slice(1),
      request,
      leaseMs: 1000,
      heartbeatMs: 250,
      retryMs: 1,
    });
}

describe('Redis killed mid-stream, then restarted', () => {
  it('the client gets end error store_unavailable, the producer stops, nothing leaks; then reset', async () => {
    await new Promise((resolve) => setTimeout(resolve, 10)); // start-up sockets close
    const before = handles();
    const store = redisEventStore({ url: redis.url, connectTimeoutMs: 500 });
    const state = { started: false, stopped: false };
    const server: Server = await serveOnLoopback(streamApp(store, state));

    const messages: SSEMessage[] = [];
    let failure: unknown;
    try {
      for await (const message of connectSSE(`${server.url}/chat`, { retryMs: 1, maxRetries: 2 })) {
        messages.push(message);
        if (messages.length === 10) await redis.kill();
      }
    } catch (error) {
      failure = error;
    }
    // A server-declared failure (connectSSE does not retry it), not a cut or a hang.
    expect(failure).toBeInstanceOf(SSEServerError);
    const { status, serverError, end } = failure as SSEServerError;
    expect(status).toBe('error');
    expect(serverError?.code).toBe('store_unavailable');
    expect(end.count).toBe(messages.length); // it claims exactly what the client got
    expect(messages.length).toBeGreaterThanOrEqual(10);
    expect(messages.map((message) => message.data)).toEqual(
      Array.from({ length: messages.length }, (_, i) => `token ${i + 1}`),
    );
    // Its events had nowhere to go: the source is stopped.
    await eventually(() => state.stopped, 'the source stopped');

    await redis.restart(); // empty: the stream is unknown now
    let resets = 0;
    const resumed = await fetch(`${server.url}/chat`, {
      headers: { 'last-event-id': String(messages.length) },
    });
    const again: SSEMessage[] = [];
    for await (const message of readSSE(resumed, { onReset: () => resets++ })) {
      again.push(message);
      if (again.length === 3) break;
    }
    expect(resets).toBe(1);
    expect(again.map((message) => message.id)).toEqual(['1', '2', '3']);

    await store.cancel('chat');
    await server.close();
    await store.close();
    await eventually(() => {
      const after = handles();
      return after.sockets <= before.sockets && after.timers <= before.timers;
    }, 'no socket or timer left behind');
  });
});

describe('Redis down before the first byte', () => {
  it('sse() answers 503 JSON store_unavailable at once and starts nothing', async () => {
    await redis.kill();
    const store = redisEventStore({ url: redis.url, connectTimeoutMs: 500 });
    const state = { started: false, stopped: false };
    const server = await serveOnLoopback(streamApp(store, state));
    try {
      const response = await fetch(`${server.url}/chat-2`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await response.json()).toEqual({
        error: { code: 'store_unavailable', message: 'The event store is unavailable' },
      });
      expect(state.started).toBe(false);
    } finally {
      await server.close();
      await store.close();
      await redis.restart();
    }
  });
});
