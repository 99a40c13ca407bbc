import { describe, expect, it } from 'vitest';
import { sse } from './sse.ts';
import { bodyText, readAll, referenceSha256 } from './test-helpers/bytes.ts';

async function* goldenSource() {
  yield { data: { type: 'text-delta', delta: 'Hel' } };
  yield { event: 'usage', data: { tokens: 12 } };
  yield 'line one\r\nline two\rline three\nünïcødé 🚀';
}

const GOLDEN = [
  'retry: 2000',
  '',
  'id: 1',
  'data: {"type":"text-delta","delta":"Hel"}',
  '',
  'id: 2',
  'event: usage',
  'data: {"tokens":12}',
  '',
  'id: 3',
  'data: line one',
  'data: line two',
  'data: line three',
  'data: ünïcødé 🚀',
  '',
  'event: end',
  'id: 4',
  'data: {"v":1,"status":"complete","count":3,"bytes":93,"alg":"sha-256","digest":"U1sqf8uSV159bHvjb1ZLrtdWcpcgcZG53RNzeaQjRkA="}',
  '',
  '',
].join('\n');

const GOLDEN_EVENTS = [
  { type: 'message', data: '{"type":"text-delta","delta":"Hel"}' },
  { type: 'usage', data: '{"tokens":12}' },
  { type: 'message', data: 'line one\nline two\nline three\nünïcødé 🚀' },
];

describe('wire format (sluice SSE v1)', () => {
  it('writes the golden bytes for a fixed stream', async () => {
    const digest = referenceSha256(GOLDEN_EVENTS);
    const bytes = GOLDEN_EVENTS.reduce((sum, e) => sum + Buffer.byteLength(e.data), 0);
    expect(bytes).toBe(93);
    // Pinned: a change here is a change of the protocol, not a refactor.
    expect(digest).toBe('U1sqf8uSV159bHvjb1ZLrtdWcpcgcZG53RNzeaQjRkA=');
    const text = await bodyText(sse(goldenSource(), { retryMs: 2000, heartbeatMs: 0 }));
    expect(text).toBe(GOLDEN);
  });

  it('writes a crc32 digest as 8 lowercase hex digits and omits the digest when off', async () => {
    const crc = await bodyText(sse(goldenSource(), { checksum: 'crc32', heartbeatMs: 0 }));
    expect(crc).toMatch(/"count":3,"bytes":93,"alg":"crc32","digest":"[0-9a-f]{8}"}\n\n$/);
    const off = await bodyText(sse(goldenSource(), { checksum: false, heartbeatMs: 0 }));
    expect(off).toMatch(/data: \{"v":1,"status":"complete","count":3,"bytes":93\}\n\n$/);
  });

  it('sends exactly the protocol headers and never hop-by-hop ones', () => {
    const response = sse(goldenSource(), {
      headers: {
        'access-control-allow-origin': '*',
        connection: 'keep-alive, x-hop',
        'x-hop': 'named in Connection, so hop-by-hop',
        'proxy-authenticate': 'Basic',
        'content-length': '10',
        'content-encoding': 'gzip',
        'transfer-encoding': 'chunked',
        'keep-alive': 'timeout=5',
        'content-type': 'text/plain',
      },
    });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual({
      'access-control-allow-origin': '*',
      'cache-control': 'no-cache, no-transform',
      'content-type': 'text/event-stream; charset=utf-8',
      'x-accel-buffering': 'no',
    });
    void response.body?.cancel();
  });

  it.each([
    ['CR in the type', { event: 'a\rb', data: 'x' }, 'SSE_INVALID_EVENT'],
    ['LF in the type', { event: 'a\nb', data: 'x' }, 'SSE_INVALID_EVENT'],
    ['NUL in the type', { event: 'a\0b', data: 'x' }, 'SSE_INVALID_EVENT'],
    ['the reserved type end', { event: 'end', data: 'x' }, 'SSE_INVALID_EVENT'],
    ['the reserved type reset', { event: 'reset', data: 'x' }, 'SSE_INVALID_EVENT'],
    ['data that is not JSON', { data: undefined }, 'SSE_INVALID_EVENT'],
  ])('refuses %s: end with status error after the valid events', async (_, bad, code) => {
    async function* source() {
      yield 'fine';
      yield bad;
      yield 'never sent';
    }
    const text = await bodyText(sse(source(), { heartbeatMs: 0 }));
    expect(text).toContain('data: fine\n');
    expect(text).not.toContain('never sent');
    expect(text).toMatch(new RegExp(`"status":"error","count":1,.*"error":\\{"code":"${code}"`));
    const { messages, error } = await readAll(sse(source(), { heartbeatMs: 0 }));
    expect(messages.map((m) => m.data)).toEqual(['fine']);
    expect(error).toMatchObject({ code: 'SSE_SERVER_ERROR', status: 'error' });
  });
});
