// How sse() reports an unavailable event store: 503 JSON before the first byte, `end` with
// `status: "error"` and `store_unavailable` after it, and never an event the store does not hold.
import { EventSource } from 'eventsource';
import { describe, expect, it, vi } from 'vitest';
import { SSEServerError } from './errors.ts';
import { readSSE } from './reader.ts';
import { sse } from './sse.ts';
import type { SSEEventStore } from './store.ts';
import { readAll } from './test-helpers/bytes.ts';
import { faultyStore } from './test-helpers/faulty-store.ts';
import { serve } from './test-helpers/serve.ts';
import { trackedSource } from './test-helpers/tracked-source.ts';
import type { SSEMessage } from './types.ts';

const UNAVAILABLE = { code: 'store_unavailable', message: 'The event store is unavailable' };

/** A promise the test opens by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** A source that yields `events`, then waits until `release()`. */
function gatedSource(events: string[]) {
  const { opened, open } = gate();
  async function* source() {
    yield* events;
    await opened;
  }
  return { release: open, source: source() };
}

async function expectUnavailableResponse(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(await response.json()).toEqual({ error: UNAVAILABLE });
}

describe('the store fails before the first byte', () => {
  it('answers 503 JSON store_unavailable, keeps app headers, never starts the source', async () => {
    const store = faultyStore();
    store.failing.add('info');
    const { run, source } = trackedSource();
    const headers = { 'access-control-allow-origin': '*' };
    const response = await sse(source, { store, streamId: 's', headers });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('no-store');
    await expectUnavailableResponse(response); // never the store's own text (it names a host)
    expect(run.started).toBe(false);
  });

  it('answers 503 when create() fails too', async () => {
    const store = faultyStore();
    store.failing.add('create');
    await expectUnavailableResponse(await sse(['a'], { store, streamId: 's' }));
  });

  it('recognises any store error carrying code store_unavailable', async () => {
    const store: SSEEventStore = {
      ...faultyStore(),
      info: async () => {
        throw Object.assign(new Error('ETIMEDOUT'), { code: 'store_unavailable' });
      },
    };
    await expectUnavailableResponse(await sse(['a'], { store, streamId: 's' }));
  });

  it('lets other store failures reject (a bug is not an outage)', async () => {
    const store: SSEEventStore = {
      ...faultyStore(),
      info: async () => {
        throw new TypeError('store bug');
      },
    };
    await expect(sse(['a'], { store, streamId: 's' })).rejects.toThrow('store bug');
  });
});

describe('the store fails after the first byte', () => {
  it('a failed read ends the stream with status error, store_unavailable, and the count so far', async () => {
    const store = faultyStore();
    const { release, source } = gatedSource(['a', 'b', 'c']);
    const response = await sse(source, { store, streamId: 's' });
    const messages: SSEMessage[] = [];
    let failure: unknown;
    try {
      for await (const message of readSSE(response)) {
        messages.push(message);
        // No read of the body is pending while we hold an event (highWaterMark 0): the next fails.
        if (messages.length === 3) store.failing.add('read');
      }
    } catch (error) {
      failure = error;
    }
    release();
    expect(messages.map((message) => message.data)).toEqual(['a', 'b', 'c']);
    expect(failure).toBeInstanceOf(SSEServerError);
    const { status, serverError, end } = failure as SSEServerError;
    expect(status).toBe('error');
    expect(serverError).toEqual(UNAVAILABLE);
    expect(end.count).toBe(3);
  });

  it('a failed append stops the source; the stored end claims only stored events', async () => {
    const store = faultyStore();
    store.failAppendOf = 5;
    const { run, source } = trackedSource();
    const producers: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void producers.push(promise);
    const response = await sse(source, { store, streamId: 's', waitUntil });
    const { messages, error } = await readAll(response);
    await Promise.all(producers);
    expect(messages.map((message) => message.data)).toEqual([
      'token 1',
      'token 2',
      'token 3',
      'token 4',
    ]);
    expect(error).toBeInstanceOf(SSEServerError);
    const { end } = error as SSEServerError;
    expect(end).toMatchObject({ status: 'error', count: 4, bytes: 28, error: UNAVAILABLE });
    await vi.waitFor(() => expect(run.stopped).toBe(true), { timeout: 5000 }); // at its pending step
    // Replayed later, the stored stream says the same: 4 events, then the error.
    const replay = await readAll(await sse([], { store, streamId: 's', request: resumeAt(0) }));
    expect(replay.messages).toEqual(messages);
    expect((replay.error as SSEServerError).end).toEqual(end);
  });
});

describe('a plain EventSource across a store failure', () => {
  it('the failure end carries no id, so the reconnect resumes after the last event it has', async () => {
    const store = faultyStore();
    const gates = { afterC: gate(), afterD: gate() };
    async function* source() {
      yield* ['a', 'b', 'c'];
      await gates.afterC.opened;
      yield 'd';
      await gates.afterD.opened;
      yield* ['e', 'f'];
    }
    const producers: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void producers.push(promise);
    const server = await serve((request) =>
      sse(source(), { request, store, streamId: 's', retryMs: 10, waitUntil }),
    );
    const seen: Array<{ id: string; data: string }> = [];
    const ends: unknown[] = [];
    const requests: Array<string | null> = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const client = new EventSource(server.url, {
          fetch: (url, init) => {
            requests.push(new Headers(init?.headers).get('last-event-id'));
            return fetch(url, init);
          },
        });
        client.addEventListener('message', (event) => {
          seen.push({ id: event.lastEventId, data: event.data });
          if (event.data === 'c') {
            store.failing.add('read'); // the read after the next event fails
            gates.afterC.open();
          }
        });
        client.addEventListener('end', (event) => {
          ends.push(JSON.parse(event.data));
          store.failing.delete('read');
          gates.afterD.open();
        });
        client.addEventListener('error', (error) => {
          if (client.readyState === EventSource.CONNECTING) return; // reconnecting
          client.close();
          if (error.code === 204) resolve();
          else reject(new Error(`EventSource failed: ${error.message}`));
        });
      });
      await Promise.all(producers);
    } finally {
      await server.close();
    }
    // Every event once, in order: 'e' is not skipped after the failure.
    expect(seen).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((data, i) => ({ id: `${i + 1}`, data })),
    );
    expect(ends).toEqual([
      { v: 1, status: 'error', count: 4, error: UNAVAILABLE },
      expect.objectContaining({ status: 'complete', count: 6 }),
    ]);
    // Fresh, after the failure end (still at 4), after the complete end (7): then 204.
    expect(requests).toEqual([null, '4', '7']);
  });
});

function resumeAt(lastEventId: number): Request {
  return new Request('http://app.invalid/', { headers: { 'last-event-id': String(lastEventId) } });
}
