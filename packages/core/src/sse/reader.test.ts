import { describe, expect, it } from 'vitest';
import { SSEChecksumError, SSEProtocolError, SSEServerError, SSETruncatedError } from './errors.ts';
import { readSSE } from './reader.ts';
import { sse } from './sse.ts';
import {
  bodyBytes,
  readAll,
  referenceSha256,
  seededRandom,
  streamOfChunks,
} from './test-helpers/bytes.ts';
import type { SSEMessage } from './types.ts';

const SAMPLE_EVENTS = [
  'plain',
  { event: 'delta', data: 'multi\nline\r\ndata\rwith every break' },
  { data: { text: 'ünïcødé — 日本語 — 🚀🚀' } },
  '',
  { event: 'usage', data: { tokens: 12 } },
];

/** A real writer stream with a heartbeat between events 2 and 3. */
async function sampleWire(): Promise<Uint8Array> {
  let sawHeartbeat!: () => void;
  const heartbeatSeen = new Promise<void>((resolve) => {
    sawHeartbeat = resolve;
  });
  const response = sse(
    async (send) => {
      for (const [index, event] of SAMPLE_EVENTS.entries()) {
        if (index === 2) await heartbeatSeen;
        await send(event);
      }
    },
    { heartbeatMs: 5, retryMs: 1500 },
  );
  const chunks: Uint8Array[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of response.body!) {
    chunks.push(chunk);
    if (decoder.decode(chunk).startsWith(': keep-alive')) sawHeartbeat();
  }
  return Buffer.concat(chunks);
}

const crlf = (bytes: Uint8Array) =>
  new TextEncoder().encode(new TextDecoder().decode(bytes).replaceAll('\n', '\r\n'));

function isTypedVerdict(error: unknown): boolean {
  return error instanceof SSETruncatedError || error instanceof SSEChecksumError;
}

describe('readSSE on a cut or re-chunked wire', async () => {
  const wire = await sampleWire();
  const complete = await readAll(streamOfChunks(wire, []));

  it('verifies the complete stream (with its heartbeat) and yields every event', () => {
    expect(new TextDecoder().decode(wire)).toContain(': keep-alive\n\n');
    expect(complete.error).toBeUndefined();
    expect(complete.messages.map((m) => m.data)).toEqual([
      'plain',
      'multi\nline\ndata\nwith every break',
      '{"text":"ünïcødé — 日本語 — 🚀🚀"}',
      '',
      '{"tokens":12}',
    ]);
    expect(complete.messages.map((m) => m.event)).toEqual([
      'message',
      'delta',
      'message',
      'message',
      'usage',
    ]);
  });

  it.each([
    ['LF', wire],
    ['CRLF (rewritten by a proxy)', crlf(wire)],
  ])('reports every cut of the %s wire as truncated, never as complete', async (_, bytes) => {
    for (let cut = 0; cut < bytes.length; cut++) {
      const { messages, error } = await readAll(streamOfChunks(bytes.slice(0, cut), [cut >> 1]));
      // The one exception: cutting the final LF of a CRLF leaves a lone CR, itself a complete
      // line ending, so the stream is whole and verifies.
      const wholeAnyway = error === undefined && bytes.length - cut === 1 && bytes[cut] === 0x0a;
      if (!isTypedVerdict(error) && !wholeAnyway)
        throw new Error(`cut at ${cut}: ${String(error)}`);
      expect(messages).toEqual(complete.messages.slice(0, messages.length));
    }
    expect(await readAll(streamOfChunks(bytes, [bytes.length >> 1]))).toEqual(complete);
  });

  it.each([
    ['LF', wire],
    ['CRLF', crlf(wire)],
  ])('verifies the %s wire under 300 random re-chunkings', async (_, bytes) => {
    const random = seededRandom(7);
    for (let run = 0; run < 300; run++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
        Math.floor(random() * bytes.length),
      ).sort((a, b) => a - b);
      expect(await readAll(streamOfChunks(bytes, cuts))).toEqual(complete);
    }
  });

  it('never accepts different content: every single-byte change fails or changes nothing', async () => {
    for (let offset = 0; offset < wire.length; offset++) {
      const changed = wire.slice();
      changed[offset] = changed[offset] === 0x41 ? 0x42 : 0x41;
      const { messages, error } = await readAll(streamOfChunks(changed, []));
      if (error === undefined) expect(messages).toEqual(complete.messages);
      else expect(error).toHaveProperty('code', expect.stringMatching(/^SSE_/));
    }
  });
});

const encode = (text: string) => new TextEncoder().encode(text);
const eventStream = (text: string, init?: ResponseInit) =>
  new Response(encode(text), {
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    ...init,
  });

function endFor(events: Array<{ type: string; data: string }>, extra = {}): string {
  const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(e.data), 0);
  const end = { v: 1, status: 'complete', count: events.length, bytes, ...extra };
  return `event: end\nid: ${events.length + 1}\ndata: ${JSON.stringify(end)}\n\n`;
}

describe('readSSE verdicts', () => {
  const one = [{ type: 'message', data: 'hi' }];
  const digest = referenceSha256(one);

  it('rejects a non-200 response and a wrong content type with SSEProtocolError', async () => {
    const notFound = await readAll(eventStream('', { status: 404 }));
    expect(notFound.error).toBeInstanceOf(SSEProtocolError);
    expect(notFound.error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR', status: 404 });
    const json = await readAll(
      new Response('{}', { headers: { 'content-type': 'application/json' } }),
    );
    expect(json.error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR', status: 200 });
  });

  it('reports a body that ends without end as SSETruncatedError with the count received', async () => {
    const { messages, error } = await readAll(eventStream('id: 1\ndata: hi\n\n'));
    expect(messages).toEqual([{ data: 'hi', event: 'message', id: '1' }]);
    expect(error).toBeInstanceOf(SSETruncatedError);
    expect(error).toMatchObject({ code: 'SSE_TRUNCATED', received: 1 });
  });

  it('reports a [DONE]-style stream (no ids, no end) as a protocol error', async () => {
    const { error } = await readAll(eventStream('data: hi\n\ndata: [DONE]\n\n'));
    expect(error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
  });

  it.each([
    ['count', endFor([...one, ...one]).replace('id: 3', 'id: 2')],
    ['bytes', endFor([{ type: 'message', data: 'hi!' }])],
    [
      'digest',
      endFor(one, { alg: 'sha-256', digest: referenceSha256([{ type: 'x', data: 'hi' }]) }),
    ],
  ])('reports a %s mismatch as SSEChecksumError', async (field, end) => {
    const { error } = await readAll(eventStream(`id: 1\ndata: hi\n\n${end}`));
    expect(error).toBeInstanceOf(SSEChecksumError);
    expect(error).toMatchObject({ code: 'SSE_CHECKSUM_MISMATCH', field });
  });

  it('accepts the matching digest and ignores anything after end', async () => {
    const end = endFor(one, { alg: 'sha-256', digest });
    const { messages, error } = await readAll(
      eventStream(`id: 1\ndata: hi\n\n${end}id: 2\ndata: x\n\n`),
    );
    expect(error).toBeUndefined();
    expect(messages).toHaveLength(1);
  });

  it.each([
    ['error', { code: 'RATE_LIMITED', message: 'Slow down' }],
    ['aborted', undefined],
  ])('turns end status %s into SSEServerError carrying the server error', async (status, error) => {
    const end = JSON.stringify({ v: 1, status, count: 0, bytes: 0, error });
    const result = await readAll(eventStream(`event: end\nid: 1\ndata: ${end}\n\n`));
    expect(result.error).toBeInstanceOf(SSEServerError);
    expect(result.error).toMatchObject({ code: 'SSE_SERVER_ERROR', status, serverError: error });
  });

  it('rejects out-of-order ids and malformed end data as protocol errors', async () => {
    const skipped = await readAll(eventStream('id: 1\ndata: a\n\nid: 3\ndata: b\n\n'));
    expect(skipped.error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
    const malformed = await readAll(eventStream('event: end\ndata: {"v":2}\n\n'));
    expect(malformed.error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
  });

  it('on reset drops its state, calls onReset and counts again from 1', async () => {
    let resets = 0;
    const text = `id: 1\ndata: old\n\nevent: reset\ndata: {"v":1}\n\nid: 1\ndata: hi\n\n${endFor(one, { alg: 'sha-256', digest })}`;
    const messages: SSEMessage[] = [];
    for await (const message of readSSE(eventStream(text), { onReset: () => resets++ })) {
      messages.push(message);
    }
    expect(resets).toBe(1);
    expect(messages.map((m) => m.data)).toEqual(['old', 'hi']);
  });

  it('verifies crc32 by default, an off stream with checksum: false, and a fixed algorithm must match', async () => {
    const source = () => ['a', 'b'];
    expect((await readAll(sse(source(), { checksum: 'crc32' }))).error).toBeUndefined();
    const off = await readAll(sse(source(), { checksum: false }), { checksum: false });
    expect(off.error).toBeUndefined();
    const fixed = await readAll(sse(source(), { checksum: 'crc32' }), { checksum: 'sha-256' });
    expect(fixed.error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
    const countOnly = await readAll(sse(source()), { checksum: false });
    expect(countOnly.error).toBeUndefined();
    const wire = await bodyBytes(sse(source(), { checksum: 'crc32' }));
    const tampered = new TextDecoder().decode(wire).replace('data: b', 'data: c');
    expect((await readAll(eventStream(tampered))).error).toMatchObject({ field: 'digest' });
  });
});
