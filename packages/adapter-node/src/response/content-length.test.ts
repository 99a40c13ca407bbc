import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { encode, serveApp } from '../../test/helpers.ts';

async function get(app: () => Response | Promise<Response>) {
  const server = await serveApp({ fetch: app });
  const res = await request(server.url);
  const body = Buffer.from(await res.body.arrayBuffer());
  return { headers: res.headers, body };
}

describe('bodies that end at once go out with a Content-Length', () => {
  // Built in memory by the Response constructor (read without a reader, see settledBytes).
  it.each([
    ['a string', () => new Response('héllo'), 'héllo'],
    ['an empty string', () => new Response(''), ''],
    ['Response.json()', () => Response.json({ ok: true }), '{"ok":true}'],
    ['bytes', () => new Response(encode('bytes')), 'bytes'],
    ['an ArrayBuffer', () => new Response(encode('buffer').buffer), 'buffer'],
    ['URLSearchParams', () => new Response(new URLSearchParams({ q: 'a b' })), 'q=a+b'],
  ])('%s', async (_name, app, text) => {
    const { headers, body } = await get(app);
    expect(headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(body.toString()).toBe(text);
  });

  // Streams of the app: whether they end at once is seen by reading them.
  it.each([
    [
      'a stream that enqueues one chunk and closes',
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(encode('one chunk'));
              controller.close();
            },
          }),
        ),
      'one chunk',
    ],
    [
      'a stream that closes empty',
      () => new Response(new ReadableStream({ start: (controller) => controller.close() })),
      '',
    ],
  ])('%s', async (_name, app, text) => {
    const { headers, body } = await get(app);
    expect(headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect(body.toString()).toBe(text);
  });

  it('a string body whose reader the app took and released', async () => {
    const { headers, body } = await get(async () => {
      const response = new Response('abcdef');
      const reader = response.body!.getReader();
      reader.releaseLock();
      return response;
    });
    expect(headers['content-length']).toBe('6');
    expect(body.toString()).toBe('abcdef');
  });
});

describe('bodies that do not end at once are chunked', () => {
  it('a stream with two chunks ready', async () => {
    const { headers, body } = await get(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(encode('first '));
              controller.enqueue(encode('second'));
              controller.close();
            },
          }),
        ),
    );
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(headers['content-length']).toBeUndefined();
    expect(body.toString()).toBe('first second');
  });
});
