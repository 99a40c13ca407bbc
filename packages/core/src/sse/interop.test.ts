import { EventSource } from 'eventsource';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSSE } from './reader.ts';
import { sse } from './sse.ts';
import { serve, type TestServer } from './test-helpers/serve.ts';

const EVENTS = [
  'plain',
  { event: 'delta', data: 'multi\nline\r\ndata\rwith lone CR' },
  { data: { text: 'ünïcødé — 日本語 — 🚀' } },
  '',
  { event: 'usage', data: { tokens: 12 } },
  'trailing break\n',
];
const TYPES = ['message', 'delta', 'usage', 'end'];

describe('interop over a real node:http server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serve((request) => sse(EVENTS, { request, retryMs: 10 }));
  });
  afterAll(() => server.close());

  async function withEventsourceParser(): Promise<EventSourceMessage[]> {
    const response = await fetch(server.url);
    const messages: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (message) => messages.push(message) });
    for await (const text of response.body!.pipeThrough(new TextDecoderStream())) parser.feed(text);
    return messages;
  }

  function withEventSource(): Promise<EventSourceMessage[]> {
    return new Promise((resolve, reject) => {
      const source = new EventSource(server.url);
      const messages: EventSourceMessage[] = [];
      for (const type of TYPES) {
        source.addEventListener(type, (event) => {
          messages.push({ event: type, data: event.data, id: event.lastEventId });
        });
      }
      source.addEventListener('error', (error) => {
        // The body closing after `end` makes the client reconnect with Last-Event-ID; the
        // server answers 204, which closes it for good.
        if (source.readyState === EventSource.CONNECTING) return;
        source.close();
        if (error.code === 204) resolve(messages);
        else reject(new Error(`EventSource failed: ${error.message}`));
      });
    });
  }

  it('parses identically with eventsource-parser and the eventsource client', async () => {
    const parsed = await withEventsourceParser();
    const viaEventSource = await withEventSource();
    const normalized = parsed.map((m) => ({ event: m.event ?? 'message', data: m.data, id: m.id }));
    expect(viaEventSource).toEqual(normalized);
    expect(normalized.map((m) => m.event)).toEqual([
      ...TYPES.slice(0, 2),
      'message',
      'message',
      'usage',
      'message',
      'end',
    ]);
    expect(normalized.at(-1)?.id).toBe('7');
  });

  it('tells a reconnecting EventSource to stop with 204 after the end', async () => {
    const before = server.requests.length;
    await withEventSource();
    const reconnect = server.requests[before + 1];
    expect(reconnect?.headers.get('last-event-id')).toBe('7');
  });

  it('readSSE yields the same content events and verifies the end', async () => {
    const parsed = await withEventsourceParser();
    const read = [];
    for await (const message of readSSE(await fetch(server.url))) read.push(message);
    const content = parsed.filter((m) => m.event !== 'end');
    expect(read).toEqual(
      content.map((m) => ({ data: m.data, event: m.event ?? 'message', id: m.id })),
    );
  });
});
