import { afterEach, describe, expect, it } from 'vitest';
import { connectSSE } from './connect.ts';
import { SSEError } from './errors.ts';
import { sse } from './sse.ts';
import { bodyText, drain, readAll } from './test-helpers/bytes.ts';
import { serve, type TestServer } from './test-helpers/serve.ts';
import type { ReadSSEOptions } from './types.ts';

// The stream of the report that found the hole: 63 of 20,000 two-byte changes were accepted
// with changed events, each of them also damaging the `"alg"` key of the `end`.
const EVENTS = [
  'Hel',
  'lo',
  { data: { type: 'text-delta', delta: ' wor' } },
  { event: 'usage', data: { tokens: 12 } },
  'ld',
];
const wireOf = (options: { checksum?: 'sha-256' | 'crc32' | false } = {}) =>
  bodyText(sse(EVENTS, { heartbeatMs: 0, ...options }));

const eventStream = (text: string) =>
  new Response(text, { headers: { 'content-type': 'text/event-stream' } });

/** The wire with the JSON of its `end` rewritten by `change`. */
function withEnd(wire: string, change: (end: Record<string, unknown>) => unknown): string {
  const at = wire.lastIndexOf('data: ') + 'data: '.length;
  const endJson = wire.slice(at, wire.indexOf('\n', at));
  const changed = change(JSON.parse(endJson));
  return wire.replace(endJson, typeof changed === 'string' ? changed : JSON.stringify(changed));
}

const without =
  (...keys: string[]) =>
  (end: Record<string, unknown>) => {
    for (const key of keys) delete end[key];
    return end;
  };
const patched = (patch: Record<string, unknown>) => (end: Record<string, unknown>) => ({
  ...end,
  ...patch,
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a damaged end never reads as a weaker valid one', () => {
  it('refuses the reported case: "alg" removed and Hel changed to Hex', async () => {
    const wire = withEnd(await wireOf(), without('alg')).replace('data: Hel', 'data: Hex');
    const { messages, error } = await readAll(eventStream(wire));
    expect(messages[0]?.data).toBe('Hex');
    expect(error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
    expect(String(error)).toContain('alg and digest must come together');
  });

  it.each([
    ['alg without digest', without('digest')],
    ['digest without alg', without('alg')],
    ['an unknown algorithm', patched({ alg: 'md5' })],
    ['an algorithm in another case', patched({ alg: 'SHA-256' })],
    ['a digest of the wrong length', (end) => ({ ...end, digest: String(end.digest).slice(1) })],
    ['a digest that is not base64', patched({ digest: `${'!'.repeat(43)}=` })],
    ['a crc32 digest under sha-256', patched({ digest: '0123abcd' })],
    ['a digest that is not a string', patched({ digest: 7 })],
    ['an unknown field (a damaged key)', (end) => ({ ...without('alg')(end), aXg: 'sha-256' })],
    ['a second version', patched({ v: 2 })],
    ['an unknown status', patched({ status: 'completE' })],
    ['a negative count', patched({ count: -5 })],
    ['a fractional count', patched({ count: 5.5 })],
    ['a count in quotes', patched({ count: '5' })],
    ['no bytes on a complete end', without('bytes')],
    ['an error object on a complete end', patched({ error: { code: 'x', message: 'y' } })],
    ['an array', () => '[1]'],
    ['null', () => 'null'],
  ] satisfies Array<[string, (end: Record<string, unknown>) => unknown]>)(
    'refuses an end with %s, whatever the reader computes',
    async (_, change) => {
      const wire = withEnd(await wireOf(), change);
      for (const checksum of ['auto', 'sha-256', 'crc32', false] as const) {
        const { messages, error } = await readAll(eventStream(wire), { checksum });
        expect(messages).toHaveLength(EVENTS.length);
        expect(error, `checksum: ${checksum}`).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
      }
    },
  );

  it('refuses a malformed crc32 digest (upper case, 7 digits)', async () => {
    for (const digest of ['0123ABCD', '0123abc']) {
      const wire = withEnd(await wireOf({ checksum: 'crc32' }), patched({ digest }));
      expect((await readAll(eventStream(wire))).error).toMatchObject({
        code: 'SSE_PROTOCOL_ERROR',
      });
    }
  });

  it('a reader that computes a digest refuses an end without one', async () => {
    const wire = withEnd(await wireOf(), without('alg', 'digest'));
    const options: ReadSSEOptions[] = [{}, { checksum: 'auto' }, { checksum: 'sha-256' }];
    for (const readOptions of [...options, { checksum: 'crc32' as const }]) {
      const { error } = await readAll(eventStream(wire), readOptions);
      expect(error).toBeInstanceOf(SSEError);
      expect(error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
      expect(String(error)).toContain('carries no digest');
    }
    // So does a server sending none: its readers must say `checksum: false`.
    const off = await wireOf({ checksum: false });
    expect((await readAll(eventStream(off))).error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
    expect((await readAll(eventStream(off), { checksum: false })).error).toBeUndefined();
  });

  it("connectSSE's default refuses an end without a digest, without retrying", async () => {
    const wire = withEnd(await wireOf(), without('alg', 'digest'));
    server = await serve(() => eventStream(wire));
    const { messages, error } = await drain(connectSSE(server.url, { retryMs: 1 }));
    expect(messages).toHaveLength(EVENTS.length);
    expect(error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
    expect(server.requests).toHaveLength(1);
  });

  it('still reads what servers send: every status, both algorithms, and none', async () => {
    const ok = async (text: string, options?: ReadSSEOptions) =>
      (await readAll(eventStream(text), options)).error;
    expect(await ok(await wireOf())).toBeUndefined();
    expect(await ok(await wireOf({ checksum: 'crc32' }))).toBeUndefined();
    expect(await ok(await wireOf({ checksum: false }), { checksum: false })).toBeUndefined();
    // A reader's own `aborted` end (no bytes, no digest) and an `error` end stay server errors.
    const aborted = 'event: end\nid: 1\ndata: {"v":1,"status":"aborted","count":0}\n\n';
    expect(await ok(aborted)).toMatchObject({ code: 'SSE_SERVER_ERROR', status: 'aborted' });
    const error = JSON.stringify({
      v: 1,
      status: 'error',
      count: 0,
      error: { code: 'c', message: 'm' },
    });
    expect(await ok(`event: end\ndata: ${error}\n\n`)).toMatchObject({
      code: 'SSE_SERVER_ERROR',
      serverError: { code: 'c', message: 'm' },
    });
  });
});
