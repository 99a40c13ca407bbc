// Redis going away under a live sse() stream: the client gets a typed error instead of a hang,
// the producer stops, nothing is left open, and after a restart the stream starts over (reset).
import { connectSSE, readSSE, SSEError, type SSEMessage, sse } from '@sluice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStoreError } from '../src/errors.ts';
import { type RedisEventStore, redisEventStore } from '../src/store.ts';
import { type BridgeServer, serveFetch } from './fixtures/http-bridge.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

function handles() {
  const types = process.getActiveResourcesInfo();
  return {
    sockets: types.filter((type) => type === 'TCPSocketWrap' || type === 'TCPServerWrap').length,
    timers: types.filter((type) => type === 'Timeout').length,
  };
}

/** A paced source that records whether it was stopped (its finally ran). */
function pacedSource(state: { stopped: boolean }) {
  return async function* () {
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

function streamApp(store: RedisEventStore, state: { stopped: boolean }) {
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
  it('the client gets a typed error, the producer stops, nothing leaks; then reset', async () => {
    await new Promise((resolve) => setTimeout(resolve, 10)); // start-up sockets close
    const before = handles();
    const store = redisEventStore({ url: redis.url, connectTimeoutMs: 500 });
    const state = { stopped: false };
    const server: BridgeServer = await serveFetch(streamApp(store, state));

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
    expect(failure).toBeInstanceOf(SSEError); // truncation or the failed reconnect, never a hang
    expect(messages.map((message) => message.data)).toEqual(
      Array.from({ length: messages.length }, (_, i) => `token ${i + 1}`),
    );
    await eventually(() => state.stopped); // its events had nowhere to go: the source is stopped

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
    });
  });
});

describe('Redis down before the first byte', () => {
  it('sse() fails with store_unavailable instead of waiting', async () => {
    await redis.kill();
    const store = redisEventStore({ url: redis.url, connectTimeoutMs: 500 });
    const state = { stopped: false };
    const request = new Request('http://app.invalid/chat-2');
    const outcome = await Promise.resolve(streamApp(store, state)(request)).then(
      (response) => ({ response, error: undefined }),
      (error: unknown) => ({ response: undefined, error }),
    );
    if (outcome.response) {
      // A core that maps store failures itself answers 503 with the code.
      expect(outcome.response.status).toBe(503);
      expect(JSON.stringify(await outcome.response.json())).toContain('store_unavailable');
    } else {
      expect(outcome.error).toBeInstanceOf(RedisStoreError);
      expect((outcome.error as RedisStoreError).code).toBe('store_unavailable');
    }
    await store.close();
    await redis.restart();
  });
});
