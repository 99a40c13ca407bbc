import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { connectSSE } from './connect.ts';
import { memoryEventStore } from './memory-store.ts';
import { readSSE } from './reader.ts';
import { sse } from './sse.ts';
import type { SSEEventStore } from './store.ts';
import { readAll } from './test-helpers/bytes.ts';
import { dropAfterFrames, serve, type TestServer } from './test-helpers/serve.ts';
import type { SSEMessage, SSEOptions } from './types.ts';

const TOTAL = 40;

/** A paced LLM-like source; `runs` counts how often a stream was started. */
function pacedSource(runs: { started: number; finished: number }) {
  return async function* () {
    runs.started++;
    for (let i = 1; i <= TOTAL; i++) {
      await nextTurn();
      yield { event: i % 5 === 0 ? 'usage' : undefined, data: `token ${i} ✓` };
    }
    runs.finished++;
  };
}

interface ResumeServer extends TestServer {
  store: SSEEventStore;
  runs: { started: number; finished: number };
}

/** Streams `/<streamId>` through a memory store; `dropAfter(n)` cuts a response after n frames. */
async function resumeServer(
  dropAfter: (requestIndex: number) => number | undefined,
  options: Partial<SSEOptions> = {},
): Promise<ResumeServer> {
  const store = options.store ?? memoryEventStore();
  const runs = { started: 0, finished: 0 };
  const source = pacedSource(runs);
  let requestIndex = 0;
  const server = await serve(async (request) => {
    const streamId = new URL(request.url).pathname.slice(1);
    const response = await sse(source(), { retryMs: 1, ...options, request, store, streamId });
    const frames = dropAfter(requestIndex++);
    if (frames === undefined || !response.body) return response;
    return dropAfterFrames(response, frames);
  });
  return Object.assign(server, { store, runs });
}

const expectedData = Array.from({ length: TOTAL }, (_, i) => `token ${i + 1} ✓`);

async function collect(stream: AsyncIterable<SSEMessage>): Promise<SSEMessage[]> {
  const messages: SSEMessage[] = [];
  for await (const message of stream) messages.push(message);
  return messages;
}

let server: ResumeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('resume over a real node:http server', () => {
  it('connectSSE resumes a dropped stream: nothing lost, nothing twice, digest verified', async () => {
    server = await resumeServer((index) => (index === 0 ? 8 : undefined));
    const messages = await collect(connectSSE(`${server.url}/chat-1`, { retryMs: 1 }));
    expect(messages.map((m) => m.data)).toEqual(expectedData);
    expect(messages.map((m) => m.id)).toEqual(expectedData.map((_, i) => String(i + 1)));
    expect(server.requests).toHaveLength(2);
    const resumedAt = Number(server.requests[1]!.headers.get('last-event-id'));
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThan(TOTAL);
    expect(server.runs).toEqual({ started: 1, finished: 1 });
  });

  it('survives a drop on every connection (progress resets the retry budget)', async () => {
    server = await resumeServer(() => 4);
    const messages = await collect(
      connectSSE(`${server.url}/chat-2`, { retryMs: 1, maxRetries: 2 }),
    );
    expect(messages.map((m) => m.data)).toEqual(expectedData);
    // Each connection carries `retry:` and 3 events, then part of the next.
    expect(server.requests.length).toBe(Math.ceil(TOTAL / 3));
    expect(server.runs.started).toBe(1);
  });

  it('answers an unknown Last-Event-ID with reset, then the stream from 1', async () => {
    server = await resumeServer(() => undefined);
    const response = await fetch(`${server.url}/fresh`, { headers: { 'last-event-id': '17' } });
    let resets = 0;
    const messages = await collect(readSSE(response, { onReset: () => resets++ }));
    expect(resets).toBe(1);
    expect(messages.map((m) => m.data)).toEqual(expectedData);
  });

  it('accepts ?lastEventId= from clients that cannot set headers', async () => {
    server = await resumeServer(() => undefined);
    await collect(connectSSE(`${server.url}/q`));
    const response = await fetch(`${server.url}/q?lastEventId=${TOTAL - 2}`);
    const text = await response.text();
    expect(text).toMatch(new RegExp(`^retry: 1\\n\\nid: ${TOTAL - 1}\\n`));
    expect(text).toContain(`event: end\nid: ${TOTAL + 1}\n`);
  });

  it('answers 204 at or after the end id, and only the end just before it', async () => {
    server = await resumeServer(() => undefined);
    await collect(connectSSE(`${server.url}/done`));
    const atEnd = await fetch(`${server.url}/done`, {
      headers: { 'last-event-id': `${TOTAL + 1}` },
    });
    expect(atEnd.status).toBe(204);
    const beforeEnd = await fetch(`${server.url}/done`, {
      headers: { 'last-event-id': `${TOTAL}` },
    });
    expect(await beforeEnd.text()).toMatch(
      new RegExp(`^retry: 1\\n\\nevent: end\\nid: ${TOTAL + 1}\\n`),
    );
  });

  it('does not cancel on disconnect: the producer finishes and a new client replays all', async () => {
    server = await resumeServer(() => undefined);
    const controller = new AbortController();
    const first = await fetch(`${server.url}/left`, { signal: controller.signal });
    const reader = first.body!.getReader();
    await reader.read();
    controller.abort();
    const again = await collect(connectSSE(`${server.url}/left`));
    expect(again.map((m) => m.data)).toEqual(expectedData);
    expect(server.runs).toEqual({ started: 1, finished: 1 });
  });

  it('serves concurrent clients of one stream id from one source run', async () => {
    server = await resumeServer(() => undefined);
    const url = `${server.url}/shared`;
    const [a, b, c] = await Promise.all([
      collect(connectSSE(url)),
      collect(connectSSE(url)),
      collect(connectSSE(url)),
    ]);
    for (const messages of [a, b, c]) expect(messages.map((m) => m.data)).toEqual(expectedData);
    expect(server.runs.started).toBe(1);
  });

  it('an explicit cancel stops even a hung producer; clients get an aborted end', async () => {
    const store = memoryEventStore();
    async function* hangsAfterThree() {
      yield* ['a', 'b', 'c'];
      await new Promise(() => {}); // an upstream that never answers
    }
    const hung = await serve((request) =>
      sse(hangsAfterThree(), { request, store, streamId: 'hung', leaseMs: 30 }),
    );
    try {
      const seen: string[] = [];
      const reading = (async () => {
        for await (const message of connectSSE(`${hung.url}/`)) {
          seen.push(message.data);
          if (seen.length === 3) await store.cancel('hung');
        }
      })();
      await expect(reading).rejects.toMatchObject({ code: 'SSE_SERVER_ERROR', status: 'aborted' });
      expect(seen).toEqual(['a', 'b', 'c']);
      const stored = await store.read('hung', 3, { limit: 10, waitMs: 0 });
      expect(JSON.parse(stored[0]!.data)).toMatchObject({ status: 'aborted', count: 3, bytes: 3 });
    } finally {
      await hung.close();
    }
  });

  it('reports a stream whose producer died (lease lapsed, no end) as aborted', async () => {
    const store = memoryEventStore();
    await store.create('orphan', 1);
    await store.append('orphan', { seq: 1, event: 'message', data: 'only one' });
    server = await resumeServer(() => undefined, { store, leaseMs: 20 });
    const { messages, error } = await readAll(await fetch(`${server.url}/orphan`));
    expect(messages.map((m) => m.data)).toEqual(['only one']);
    expect(error).toMatchObject({ code: 'SSE_SERVER_ERROR', status: 'aborted' });
    expect(server.runs.started).toBe(0);
  });

  it('reports a resume point that was evicted as SSE_REPLAY_UNAVAILABLE', async () => {
    const store = memoryEventStore({ maxEvents: 5 });
    server = await resumeServer(() => undefined, { store });
    // A client that keeps up never notices the eviction.
    expect(await collect(connectSSE(`${server.url}/long`))).toHaveLength(TOTAL);
    const unavailable = {
      code: 'SSE_SERVER_ERROR',
      serverError: { code: 'SSE_REPLAY_UNAVAILABLE' },
    };
    const resumed = await fetch(`${server.url}/long`, { headers: { 'last-event-id': '3' } });
    expect((await readAll(resumed)).error).toMatchObject(unavailable);
    await expect(collect(connectSSE(`${server.url}/long`))).rejects.toMatchObject(unavailable);
  });
});
