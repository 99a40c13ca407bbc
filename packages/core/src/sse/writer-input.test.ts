// What the writer refuses: data JSON cannot encode ends the stream with SSE_INVALID_EVENT (as
// the README promises), and option values that would put `retry: NaN` on the wire throw.
import { describe, expect, it } from 'vitest';
import { SSEServerError } from './errors.ts';
import { memoryEventStore } from './memory-store.ts';
import { sse } from './sse.ts';
import { bodyText, readAll } from './test-helpers/bytes.ts';

interface Circular {
  self?: Circular;
}
const circular: Circular = {};
circular.self = circular;

const UNSERIALISABLE: Array<[string, unknown]> = [
  ['a BigInt', { tokens: 12n }],
  ['a circular object', circular],
  [
    'a throwing toJSON',
    {
      toJSON() {
        throw new Error('secret from toJSON');
      },
    },
  ],
];

describe('event data that JSON.stringify throws on', () => {
  it.each(UNSERIALISABLE)('%s ends the stream with SSE_INVALID_EVENT', async (_, data) => {
    const { messages, error } = await readAll(sse(['before', { data }, 'never sent']));
    expect(messages.map((m) => m.data)).toEqual(['before']);
    expect(error).toBeInstanceOf(SSEServerError);
    expect(error).toMatchObject({ status: 'error', serverError: { code: 'SSE_INVALID_EVENT' } });
    expect(String((error as SSEServerError).serverError?.message)).not.toContain('secret');
  });

  it.each(UNSERIALISABLE)('%s ends a stored stream with SSE_INVALID_EVENT too', async (_, data) => {
    const store = memoryEventStore();
    const response = await sse(['before', { data }], { store, streamId: 'bad-data' });
    const { messages, error } = await readAll(response);
    expect(messages.map((m) => m.data)).toEqual(['before']);
    expect(error).toMatchObject({ status: 'error', serverError: { code: 'SSE_INVALID_EVENT' } });
  });
});

describe('sse() duration options', () => {
  it.each([NaN, Infinity, -Infinity, -1, '500' as unknown as number])(
    'refuses retryMs %s with a TypeError instead of sending it',
    (retryMs) => {
      expect(() => sse(['a'], { retryMs })).toThrow(TypeError);
      expect(() => sse(['a'], { retryMs, store: memoryEventStore(), streamId: 's' })).toThrow(
        /retryMs/,
      );
    },
  );

  it.each([NaN, Infinity, -1])('refuses heartbeatMs %s with a TypeError', (heartbeatMs) => {
    expect(() => sse(['a'], { heartbeatMs })).toThrow(/heartbeatMs/);
  });

  it('writes a fractional retryMs as whole milliseconds, and 0 as 0', async () => {
    expect(await bodyText(sse([], { retryMs: 1500.7 }))).toMatch(/^retry: 1500\n\n/);
    expect(await bodyText(sse([], { retryMs: 0 }))).toMatch(/^retry: 0\n\n/);
  });
});
