import { afterEach, describe, expect, it } from 'vitest';
import { connectSSE } from './connect.ts';
import { memoryEventStore } from './memory-store.ts';
import { sse } from './sse.ts';
import { drain } from './test-helpers/bytes.ts';
import { dropAfterFrames, serve, type TestServer } from './test-helpers/serve.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const connectAll = (url: string, init: Parameters<typeof connectSSE>[1]) =>
  drain(connectSSE(url, init));

describe('connectSSE', () => {
  it("honours the server's retry: over its own delay", async () => {
    const store = memoryEventStore();
    server = await serve(async (request) => {
      const response = await sse(['a', 'b', 'c'], { request, retryMs: 1, store, streamId: 's' });
      // The first connection carries `retry:` and event 1, then drops.
      return request.headers.has('last-event-id') ? response : dropAfterFrames(response, 2);
    });
    // Were the client's own 10-minute delay used, this test would time out.
    const { messages, error } = await connectAll(server.url, { retryMs: 600_000 });
    expect(error).toBeUndefined();
    expect(messages.map((m) => m.data)).toEqual(['a', 'b', 'c']);
    expect(server.requests[1]?.headers.get('last-event-id')).toBe('1');
  });

  it('gives up after maxRetries reconnects that bring nothing', async () => {
    server = await serve((request) => {
      // Drops in the middle of the first event, every time.
      return dropAfterFrames(sse(['never complete'], { request }), 0);
    });
    const { error } = await connectAll(server.url, { retryMs: 1, maxRetries: 3 });
    expect(error).toMatchObject({ code: 'SSE_TRUNCATED' });
    expect(server.requests).toHaveLength(4);
  });

  it('reports 204 before the end as truncated, without retrying', async () => {
    server = await serve((request) => {
      const response = sse(['a', 'b'], { request });
      if (request.headers.has('last-event-id')) return response; // 204: no store
      return dropAfterFrames(response, 2);
    });
    const { messages, error } = await connectAll(server.url, { retryMs: 1 });
    expect(messages.map((m) => m.data)).toEqual(['a', 'b']);
    expect(error).toMatchObject({ code: 'SSE_TRUNCATED', received: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('retries 503 but not 404', async () => {
    let calls = 0;
    server = await serve((request) => {
      calls++;
      if (request.url.endsWith('/missing')) return new Response('no', { status: 404 });
      return calls === 1 ? new Response('busy', { status: 503 }) : sse(['ok'], { request });
    });
    expect((await connectAll(server.url, { retryMs: 1 })).messages).toHaveLength(1);
    const missing = await connectAll(`${server.url}/missing`, { retryMs: 1 });
    expect(missing.error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR', status: 404 });
    expect(calls).toBe(3);
  });

  it('stops on abort: rethrows the reason and the server stops its source', async () => {
    const run = { stopped: false };
    let stopped!: () => void;
    const serverStopped = new Promise<void>((resolve) => {
      stopped = resolve;
    });
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield `${i}`;
      } finally {
        run.stopped = true;
        stopped();
      }
    }
    server = await serve((request) => sse(endless(), { request }));
    const controller = new AbortController();
    const reason = new Error('user left');
    let received = 0;
    const reading = (async () => {
      for await (const _ of connectSSE(server!.url, { signal: controller.signal })) {
        if (++received === 5) controller.abort(reason);
      }
    })();
    await expect(reading).rejects.toBe(reason);
    await serverStopped;
    expect(run.stopped).toBe(true);
  });
});
