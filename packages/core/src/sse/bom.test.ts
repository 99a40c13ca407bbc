// A body may start with one UTF-8 BOM, which is ignored; a second one is part of the first line
// (the HTML standard; Chromium's EventSource drops that first event). readSSE used to strip two.
import { describe, expect, it } from 'vitest';
import { sse } from './sse.ts';
import { bodyBytes, readAll, streamOfChunks } from './test-helpers/bytes.ts';
import { dispatchedByChromium } from './test-helpers/chromium.ts';
import { parseAll } from './test-helpers/parse-all.ts';

const BOM = [0xef, 0xbb, 0xbf];
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))),
  );
const SSE = 'text/event-stream';

const sluiceWire = await bodyBytes(
  sse(['Hel', { event: 'usage', data: { tokens: 1 } }, 'lo'], { heartbeatMs: 0 }),
);

const CASES = {
  'one BOM, another before the second event': bytes(BOM, 'data:1\n\n', BOM, 'data:2\n\ndata:3\n\n'),
  'two BOMs': bytes(BOM, BOM, 'data:1\n\ndata:2\n\ndata:3\n\n'),
  'three BOMs': bytes(BOM, BOM, BOM, 'data:1\n\ndata:2\n\n'),
  'U+FEFF after a first line': bytes('data:1\n', BOM, 'data:2\n\n'),
  // Not a BOM: the UTF-8 of "ï»¿", which a latin-1 view of a BOM looks like.
  'ï»¿ as text': bytes('ï»¿data:1\n\ndata:2\n\n'),
  'a sluice stream after one BOM': bytes(BOM, [...sluiceWire]),
  'a sluice stream after two BOMs': bytes(BOM, BOM, [...sluiceWire]),
};

describe('leading BOMs', () => {
  it('readSSE verifies a sluice stream after one BOM, even split byte by byte', async () => {
    const body = CASES['a sluice stream after one BOM'];
    for (const cuts of [[], [1], [1, 2], [2, 3, 4]]) {
      const { messages, error } = await readAll(streamOfChunks(body, cuts));
      expect(error).toBeUndefined();
      expect(messages.map((m) => m.data)).toEqual(['Hel', '{"tokens":1}', 'lo']);
    }
  });

  it('readSSE strips only one: after two, the first line (`id: 1`) is lost, and so is the stream', async () => {
    for (const cuts of [[], [3], [4], [1, 5]]) {
      const body = CASES['a sluice stream after two BOMs'];
      const { messages, error } = await readAll(streamOfChunks(body, cuts));
      expect(messages).toEqual([]);
      expect(error).toMatchObject({ code: 'SSE_PROTOCOL_ERROR' });
      expect(String(error)).toContain('Expected event id 1, got none');
    }
  });

  it("the reader's parser dispatches what headless Chromium's EventSource does", async () => {
    const browserCases = Object.fromEntries(
      Object.entries(CASES).map(([name, body]) => [name, { body, contentType: SSE }]),
    );
    const chromium = await dispatchedByChromium(browserCases, ['message', 'usage', 'end']);
    for (const [name, body] of Object.entries(CASES)) {
      expect(parseAll(body).events, name).toEqual(chromium[name]);
      expect(parseAll(body, [1, 2, 4, 5]).events, `${name}, cut`).toEqual(chromium[name]);
    }
    // What the standard says, as Chromium showed it.
    expect(chromium['two BOMs']?.map((e) => e.data)).toEqual(['2', '3']);
    expect(chromium['one BOM, another before the second event']?.map((e) => e.data)).toEqual([
      '1',
      '3',
    ]);
  }, 60_000);
});
