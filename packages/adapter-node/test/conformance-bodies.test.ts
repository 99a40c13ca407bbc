// The behaviours of the shared adapter suites of two other fetch servers for Node, ported to
// this adapter: srvx (h3js/srvx test/_tests.ts, test/node-*.test.ts) and @hono/node-server
// (test/server.test.ts, test/request.test.ts). One Hono app (fixture-app.ts), real clients.
// Request and response bodies. Where this adapter deliberately differs, the test says so (and the README says why).
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { Server } from '../src/index.ts';
import { serveFixture } from './fixture-app.ts';
import { curl } from './helpers.ts';

let server: Server;
const url = (path: string) => `${server.url}${path}`;

async function shared(): Promise<void> {
  ({ server } = await serveFixture());
}

describe('request bodies', () => {
  it('binary echo through new Response(request.body)', async () => {
    await shared();
    const res = await fetch(url('/body/binary'), {
      method: 'POST',
      body: new Uint8Array([1, 2, 3]),
    });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('text, JSON and form bodies', async () => {
    await shared();
    expect(
      await (await fetch(url('/body/text'), { method: 'POST', body: 'hello world' })).text(),
    ).toBe('hello world');
    const json = await fetch(url('/body/json'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ foo: 'bar' }),
    });
    expect(await json.json()).toEqual({ foo: 'bar' });
    const form = await fetch(url('/body/form'), {
      method: 'POST',
      body: new URLSearchParams({ foo: 'bar' }),
    });
    expect(await form.json()).toEqual({ foo: 'bar' });
  });

  it('a body the app ignores, cancels or reads in part still gets its response', async () => {
    await shared();
    expect(
      await (
        await fetch(url('/body/ignored'), { method: 'POST', body: 'x'.repeat(10_000) })
      ).text(),
    ).toBe('No body consumed');
    expect(await (await fetch(url('/body/cancelled'), { method: 'POST', body: '' })).text()).toBe(
      'Body cancelled',
    );
    expect(
      await (
        await fetch(url('/body/partial'), { method: 'POST', body: 'x'.repeat(10_240) })
      ).text(),
    ).toBe('Partially consumed');
  });

  it('cancelling the body read does not abort request.signal', async () => {
    await shared();
    const res = await fetch(url('/body/cancel-reading'), {
      method: 'POST',
      duplex: 'half',
      body: new ReadableStream({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          controller.enqueue(new TextEncoder().encode('hello'));
        },
      }),
    } as RequestInit);
    expect(await res.json()).toEqual({ aborted: false });
  });

  it('bodyLimit: sized and chunked uploads within and over the limit', async () => {
    await shared();
    const sized = await fetch(url('/limited/echo'), { method: 'POST', body: 'x'.repeat(500) });
    expect(await sized.text()).toBe('got 500');
    const over = await fetch(url('/limited/echo'), { method: 'POST', body: 'x'.repeat(5000) });
    expect(over.status).toBe(413);
    const stream = (text: string) =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
        },
      });
    const chunked = await fetch(url('/limited/echo'), {
      method: 'POST',
      body: stream('y'.repeat(700)),
      duplex: 'half',
    } as RequestInit);
    expect(await chunked.text()).toBe('got 700');
    const chunkedOver = await fetch(url('/limited/echo'), {
      method: 'POST',
      body: stream('y'.repeat(7000)),
      duplex: 'half',
    } as RequestInit);
    expect(chunkedOver.status).toBe(413);
  });
});

describe('response bodies', () => {
  it.each([
    ['/response/stream', 'chunk0\nchunk1\nchunk2\n'],
    ['/response/node-readable', 'chunk0\nchunk1\nchunk2\n'],
    ['/response/array-buffer', 'hello!'],
    ['/response/uint8array', 'hello!'],
    ['/response/buffer', 'Hello Hono!'],
    ['/response/clone', 'cloned'],
  ])('%s', async (path, text) => {
    await shared();
    const res = await fetch(url(path));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(text);
  });

  it('a Blob body goes out with its Content-Length', async () => {
    await shared();
    const res = await request(url('/response/blob'));
    expect(res.headers['content-length']).toBe('3');
    expect(new Uint8Array(await res.body.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('10 MB of text with its Content-Length', async () => {
    await shared();
    const res = await request(url('/response/large'));
    expect(res.headers['content-length']).toBe(String(10 * 1024 * 1024));
    expect((await res.body.text()).length).toBe(10 * 1024 * 1024);
  });

  it('headers set on a clone are kept', async () => {
    await shared();
    const res = await fetch(url('/response/clone'), {
      headers: { 'x-clone-with-headers': 'true' },
    });
    expect(res.headers.get('x-clone-with-headers')).toBe('true');
  });

  it('Response.json() with status and headers; Response.redirect()', async () => {
    await shared();
    const res = await fetch(url('/response/json-static'));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-static')).toBe('1');
    expect(await res.json()).toEqual({ hello: 'world' });
    const redirect = await fetch(url('/response/redirect-static'), { redirect: 'manual' });
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe('http://example.com/next');
  });

  it('a stream that errors mid-body: the client gets the chunks, then a failure (differs: srvx ends cleanly)', async () => {
    // Deliberate: a clean end would pass for a complete response (README: "Errors").
    await shared();
    const result = await curl([url('/response/stream-error')]);
    expect(result.stdout.toString()).toBe('chunk1\nchunk2\n');
    expect(result.code).toBe(18);
  });
});
