// The reader's bound on one unfinished event: a server that never ends its event is cut off with
// a typed error and the connection is cancelled; events under the bound pass whatever the chunking.
import { describe, expect, it } from 'vitest';
import { connectSSE } from './connect.ts';
import { SSEProtocolError } from './errors.ts';
import { readSSE } from './reader.ts';
import { sse } from './sse.ts';
import { bodyBytes, bodyText, drain, readAll, streamOfChunks } from './test-helpers/bytes.ts';
import { serve } from './test-helpers/serve.ts';

const MiB = 1024 * 1024;
const encoder = new TextEncoder();

/** `id: 1` and a `data:` line that never ends: 64 KiB chunks until the client cancels (or 256 MiB). */
function endlessEvent(sent: { bytes: number; cancelled: boolean }): Response {
  const filler = encoder.encode('x'.repeat(64 * 1024));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('id: 1\ndata: '));
    },
    pull(controller) {
      if (sent.bytes >= 256 * MiB) return controller.close();
      sent.bytes += filler.length;
      controller.enqueue(filler);
    },
    cancel() {
      sent.cancelled = true;
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

describe('maxEventSize', () => {
  it('stops an event that never ends with SSEProtocolError and cancels the connection', async () => {
    const sent = { bytes: 0, cancelled: false };
    const server = await serve(() => endlessEvent(sent));
    try {
      const { error } = await readAll(await fetch(server.url), { maxEventSize: MiB });
      expect(error).toBeInstanceOf(SSEProtocolError);
      expect((error as SSEProtocolError).code).toBe('SSE_PROTOCOL_ERROR');
      expect((error as Error).message).toMatch(/maxEventSize \(1048576 characters\)/);
      await expect.poll(() => sent.cancelled, { timeout: 10_000 }).toBe(true);
      // The server stopped long before its 256 MiB: only socket buffers' worth past the bound.
      expect(sent.bytes).toBeLessThan(64 * MiB);
    } finally {
      await server.close();
    }
  });

  it('applies by default (16 Mi characters), so an unbounded event never exhausts memory', async () => {
    const sent = { bytes: 0, cancelled: false };
    const { error } = await readAll(endlessEvent(sent));
    expect(error).toBeInstanceOf(SSEProtocolError);
    expect((error as Error).message).toMatch(/maxEventSize \(16777216 characters\)/);
    expect(sent.bytes).toBeGreaterThan(16 * MiB);
    expect(sent.bytes).toBeLessThan(17 * MiB);
  });

  it('connectSSE does not reconnect: the same server would send the same event again', async () => {
    const sent = { bytes: 0, cancelled: false };
    const server = await serve(() => endlessEvent(sent));
    try {
      const { error } = await drain(connectSSE(server.url, { maxEventSize: MiB, retryMs: 1 }));
      expect(error).toBeInstanceOf(SSEProtocolError);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('passes events just under the bound, in one chunk or split at every 997th byte', async () => {
    const events = [
      'a'.repeat(4000),
      `${'b'.repeat(1990)}\n${'c'.repeat(1990)}`,
      'd',
      'e'.repeat(4000),
    ];
    const wire = await bodyBytes(sse(events));
    const cuts = Array.from({ length: Math.floor(wire.length / 997) }, (_, i) => (i + 1) * 997);
    for (const chunking of [[], cuts]) {
      const { messages, error } = await readAll(streamOfChunks(wire, chunking), {
        maxEventSize: 4096,
      });
      expect(error).toBeUndefined();
      expect(messages.map((m) => m.data)).toEqual(events);
    }
    // The same wire with a bound below its largest event fails.
    const tooSmall = await readAll(streamOfChunks(wire, cuts), { maxEventSize: 3000 });
    expect(tooSmall.error).toBeInstanceOf(SSEProtocolError);
  });

  it('keeps a stream open through heartbeats far past the bound', async () => {
    const heartbeats = ': keep-alive\n\n'.repeat(10_000); // 140 KB of comments, no event
    const wire = encoder.encode(heartbeats + (await bodyText(sse(['x']))));
    const cuts = Array.from({ length: Math.floor(wire.length / 7) }, (_, i) => (i + 1) * 7);
    const { messages, error } = await readAll(streamOfChunks(wire, cuts), { maxEventSize: 1024 });
    expect(error).toBeUndefined();
    expect(messages.map((m) => m.data)).toEqual(['x']);
  });

  it('refuses a bound that is not a positive number', async () => {
    for (const bad of [0, -1, Number.NaN]) {
      expect(() => readSSE(sse(['x']), { maxEventSize: bad })).toThrow(TypeError);
    }
    expect((await readAll(sse(['x']), { maxEventSize: Infinity })).error).toBeUndefined();
  });
});
