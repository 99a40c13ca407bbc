import { describe, expect, it } from 'vitest';
import { readSSE } from './reader.ts';
import { sse } from './sse.ts';
import { bodyText, readAll, referenceSha256 } from './test-helpers/bytes.ts';
import { serve } from './test-helpers/serve.ts';
import type { SSEEnd } from './types.ts';

const endOf = (text: string): SSEEnd =>
  JSON.parse(text.slice(text.lastIndexOf('event: end')).split('data: ')[1]!);

describe('edge inputs', () => {
  it('streams one 8 MB event over HTTP and verifies it', async () => {
    const huge = 'λ'.repeat(4 * 1024 * 1024); // 8 MB of UTF-8
    const server = await serve((request) => sse([huge, 'after'], { request }));
    try {
      const { messages, error } = await readAll(await fetch(server.url));
      expect(error).toBeUndefined();
      expect(messages.map((m) => m.data.length)).toEqual([huge.length, 5]);
      expect(messages[0]!.data === huge).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('streams 100k tiny events and verifies count, bytes and digest', async () => {
    const total = 100_000;
    function* tiny() {
      for (let i = 0; i < total; i++) yield `${i % 10}`;
    }
    let count = 0;
    for await (const message of readSSE(sse(tiny()))) {
      if (message.data !== `${count % 10}`) throw new Error(`event ${count} is ${message.data}`);
      count++;
    }
    expect(count).toBe(total);
  });

  it('keeps empty data, unicode and every kind of line break as the client sees them', async () => {
    const inputs = [
      '',
      '\n',
      'lone\rcarriage return',
      'crlf\r\nline',
      '\r\n\r\n',
      'tab\tand NUL\0inside',
      '🚀 ünïcødé 日本語 \u{10FFFF}',
      'lone surrogate \uD800 here',
    ];
    const expected = [
      '',
      '\n',
      'lone\ncarriage return',
      'crlf\nline',
      '\n\n',
      'tab\tand NUL\0inside',
      '🚀 ünïcødé 日本語 \u{10FFFF}',
      'lone surrogate \uFFFD here',
    ];
    const { messages, error } = await readAll(sse(inputs));
    expect(error).toBeUndefined();
    expect(messages.map((m) => m.data)).toEqual(expected);
    const end = endOf(await bodyText(sse(inputs)));
    const events = expected.map((data) => ({ type: 'message', data }));
    expect(end.digest).toBe(referenceSha256(events));
    expect(end.bytes).toBe(expected.reduce((sum, data) => sum + Buffer.byteLength(data), 0));
  });

  it('accepts unicode event types', async () => {
    const { messages, error } = await readAll(sse([{ event: 'dé🚀', data: 'x' }]));
    expect(error).toBeUndefined();
    expect(messages[0]?.event).toBe('dé🚀');
  });
});
