// The background producer of a resumable stream: handed to waitUntil, leased for the store's
// leaseMs, stopped by an explicit cancel at its next append, and storing fast sources in runs.
import { describe, expect, it, vi } from 'vitest';
import { SSEServerError } from './errors.ts';
import { memoryEventStore } from './memory-store.ts';
import { readSSE } from './reader.ts';
import { sse } from './sse.ts';
import { bodyText, readAll } from './test-helpers/bytes.ts';
import { faultyStore } from './test-helpers/faulty-store.ts';
import { trackedSource } from './test-helpers/tracked-source.ts';
import type { SSEMessage } from './types.ts';

const resumeAt = (lastEventId: number) =>
  new Request('http://app.invalid/', { headers: { 'last-event-id': String(lastEventId) } });

describe('waitUntil', () => {
  it('gets the producer of a new stream, which settles once end is stored, unread or not', async () => {
    const store = memoryEventStore();
    const handed: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void handed.push(promise);
    const first = await sse(['a', 'b'], { store, streamId: 's', waitUntil });
    expect(handed).toHaveLength(1);
    await handed[0]; // nobody read the response
    expect(await store.info('s')).toEqual({ lastSeq: 3, ended: true, producing: false });
    await first.body?.cancel();

    const resumed = await sse(['never run'], {
      store,
      streamId: 's',
      request: resumeAt(1),
      waitUntil,
    });
    expect(await bodyText(resumed)).toMatch(/^id: 2\ndata: b\n\nevent: end\nid: 3\n/);
    expect(handed).toHaveLength(1); // no producer started for a resume
  });

  it('is not called without a store (the response body drives the source)', async () => {
    let calls = 0;
    const response = sse(['a'], { waitUntil: () => calls++ });
    expect((await readAll(response)).error).toBeUndefined();
    expect(calls).toBe(0);
  });
});

describe('leaseMs', () => {
  it("defaults to the store's leaseMs; sse()'s own option wins", async () => {
    const store = faultyStore(memoryEventStore({ leaseMs: 1234 }));
    await (await sse(['a'], { store, streamId: 'a' })).body?.cancel();
    await (await sse(['b'], { store, streamId: 'b', leaseMs: 999 })).body?.cancel();
    await (await sse(['c'], { store: faultyStore(), streamId: 'c' })).body?.cancel();
    expect(store.leases).toEqual([1234, 999]);
  });

  it('refuses a lease that is not a positive number', () => {
    expect(() => sse(['a'], { store: memoryEventStore(), streamId: 's', leaseMs: 0 })).toThrow(
      TypeError,
    );
  });
});

describe('explicit cancel', () => {
  it('stops the producer at its next append, long before a lease renewal', async () => {
    const store = memoryEventStore();
    const { run, source } = trackedSource();
    const producers: Promise<unknown>[] = [];
    // A renewal would come after 200 s: only the append can notice the cancel in time.
    const response = await sse(source, {
      store,
      streamId: 's',
      leaseMs: 600_000,
      waitUntil: (promise) => void producers.push(promise),
    });
    const messages: SSEMessage[] = [];
    let failure: unknown;
    try {
      for await (const message of readSSE(response)) {
        messages.push(message);
        if (messages.length === 3) await store.cancel('s');
      }
    } catch (error) {
      failure = error;
    }
    await Promise.all(producers);
    expect(failure).toBeInstanceOf(SSEServerError);
    const { status, end } = failure as SSEServerError;
    expect(status).toBe('aborted');
    expect(end.count).toBe(messages.length);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(messages.map((message) => message.data)).toEqual(
      messages.map((_, i) => `token ${i + 1}`),
    );
    // An async generator runs return() once its pending step settles: within one event.
    await vi.waitFor(() => expect(run.stopped).toBe(true), { timeout: 5000 });
  });
});

describe('runs of events', () => {
  it('stores what a fast source has ready in one append, and the stream still verifies', async () => {
    const store = faultyStore();
    const events = Array.from({ length: 1000 }, (_, i) => `event ${i + 1}`);
    const { messages, error } = await readAll(await sse(events, { store, streamId: 's' }));
    expect(error).toBeUndefined();
    expect(messages.map((message) => message.data)).toEqual(events);
    expect(store.appendCalls).toBeLessThanOrEqual(1000 / 64 + 2); // runs of up to 64, then end
  });

  it('a store without appendMany gets one append per event', async () => {
    const inner = faultyStore();
    const store = { ...inner, appendMany: undefined };
    const events = Array.from({ length: 50 }, (_, i) => `event ${i + 1}`);
    const { messages, error } = await readAll(await sse(events, { store, streamId: 's' }));
    expect(error).toBeUndefined();
    expect(messages.map((message) => message.data)).toEqual(events);
    expect(inner.appendCalls).toBe(51);
  });
});
