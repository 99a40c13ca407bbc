// Server shutdown aborts request.signal (@sluice/adapter-node: ServerShutdownError). A stream
// without a store ends with `end` status "aborted": nobody can resume it. A stored stream ends
// without `end`, as for any request abort: its producer and events outlive the response, so the
// client resumes (on this or another instance sharing the store) and gets every event once.
import { afterEach, describe, expect, it } from 'vitest';
import { connectSSE } from './connect.ts';
import { memoryEventStore } from './memory-store.ts';
import { sse } from './sse.ts';
import { drain } from './test-helpers/bytes.ts';
import { serve, type TestServer } from './test-helpers/serve.ts';
import type { SSESend } from './types.ts';

const shutdownError = () =>
  Object.assign(new Error('The server is shutting down'), { code: 'SERVER_SHUTDOWN' });

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends 'one', 'two', then waits for `release` before 'three'. */
function gatedSource(release: Promise<void>) {
  return async (send: SSESend, signal: AbortSignal) => {
    await send('one');
    await send('two');
    await Promise.race([
      release,
      new Promise((resolve) => signal.addEventListener('abort', resolve)),
    ]);
    if (!signal.aborted) await send('three');
  };
}

/** Serves `respond`; the first request's signal also aborts when `shutdown` does. */
async function serveWithShutdown(respond: (request: Request) => Response | Promise<Response>) {
  const shutdown = new AbortController();
  let first = true;
  server = await serve((request) => {
    if (!first) return respond(request);
    first = false;
    const signal = AbortSignal.any([request.signal, shutdown.signal]);
    return respond(new Request(request, { signal }));
  });
  return { url: server.url, shutDown: () => shutdown.abort(shutdownError()) };
}

describe('on server shutdown', () => {
  it('a stream without a store ends with end status aborted', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = await serveWithShutdown((request) => sse(gatedSource(released), { request }));
    const messages: string[] = [];
    const reading = (async () => {
      for await (const message of connectSSE(app.url, { retryMs: 1 })) {
        messages.push(message.data);
        if (messages.length === 2) app.shutDown();
      }
    })();
    await expect(reading).rejects.toMatchObject({ code: 'SSE_SERVER_ERROR', status: 'aborted' });
    release();
    expect(messages).toEqual(['one', 'two']);
  });

  it('a stored stream closes without end, and the client resumes it to a verified end', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const store = memoryEventStore();
    const source = gatedSource(released);
    const app = await serveWithShutdown((request) =>
      sse(source, { request, store, streamId: 'chat-1', retryMs: 1 }),
    );
    const reading = drain(
      (async function* () {
        for await (const message of connectSSE(`${app.url}/chat-1`, { retryMs: 1 })) {
          yield message;
          if (message.data === 'two') {
            app.shutDown(); // closes this response at once: 'three' comes after it
            release();
          }
        }
      })(),
    );
    const { messages, error } = await reading;
    expect(error).toBeUndefined();
    expect(messages.map((m) => m.data)).toEqual(['one', 'two', 'three']);
    expect(server?.requests).toHaveLength(2);
    expect(server?.requests[1]?.headers.get('last-event-id')).toBe('2');
  });
});
