import { connect } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { curl, deferred, encode, serveApp } from '../../test/helpers.ts';

const noLog = () => {};

describe('writeResponse through a real server', () => {
  it('sends a body that ends at once with a Content-Length in one piece', async () => {
    const server = await serveApp({ fetch: () => new Response('hello, world') });
    const res = await request(server.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe('12');
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(await res.body.text()).toBe('hello, world');
  });

  it("keeps the app's status, headers and every Set-Cookie line", async () => {
    const server = await serveApp({
      fetch: () => {
        const headers = new Headers({ 'x-app': 'yes', 'content-type': 'application/json' });
        headers.append('set-cookie', 'a=1');
        headers.append('set-cookie', 'b=2');
        return new Response('{"created":true}', { status: 201, headers });
      },
    });
    const res = await request(server.url);
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-app']).toBe('yes');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(await res.body.json()).toEqual({ created: true });
  });

  it('flushes the head of a stream before its first chunk exists (SSE opens at once)', async () => {
    const firstChunk = deferred();
    const server = await serveApp({
      fetch: () =>
        new Response(
          new ReadableStream({
            async start(controller) {
              await firstChunk.promise;
              controller.enqueue(encode('data: one\n\n'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    });
    // Would never resolve if the head waited for the body: the body waits for the head.
    const res = await request(server.url);
    expect(res.headers['content-type']).toBe('text/event-stream');
    firstChunk.resolve();
    expect(await res.body.text()).toBe('data: one\n\n');
  });

  it('writes each chunk as soon as it is enqueued (the next one waits for the client)', async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const server = await serveApp({
      fetch: () =>
        new Response(
          new ReadableStream({
            start(c) {
              controller = c;
            },
          }),
        ),
    });
    const res = await request(server.url);
    const reader = res.body[Symbol.asyncIterator]();
    for (const word of ['one', 'two', 'three']) {
      controller.enqueue(encode(word));
      // Each chunk must reach the client before the app sends the next one.
      expect(String((await reader.next()).value)).toBe(word);
    }
    controller.close();
    expect((await reader.next()).done).toBe(true);
  });

  it('answers HEAD with the head only and cancels the body', async () => {
    const cancelled = deferred<unknown>();
    const server = await serveApp({
      fetch: () =>
        new Response(new ReadableStream({ cancel: (reason) => cancelled.resolve(reason) }), {
          headers: { 'content-length': '5' },
        }),
    });
    const res = await request(server.url, { method: 'HEAD' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe('5');
    expect(await res.body.text()).toBe('');
    await cancelled.promise;
  });

  it("drops the app's Transfer-Encoding so it never travels next to a Content-Length", async () => {
    const server = await serveApp({
      fetch: () =>
        new Response('abc', { headers: { 'transfer-encoding': 'chunked', 'content-length': '3' } }),
    });
    const res = await request(server.url);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(res.headers['content-length']).toBe('3');
    expect(await res.body.text()).toBe('abc');
  });

  it('answers 500 and reports the error when the app throws or rejects', async () => {
    const errors: unknown[] = [];
    const server = await serveApp(
      {
        fetch: (req) => {
          if (req.url.endsWith('/sync')) throw new Error('thrown');
          return Promise.reject(new Error('rejected'));
        },
      },
      { onError: (error) => errors.push(error) },
    );
    for (const path of ['/sync', '/async']) {
      const res = await request(`${server.url}${path}`);
      expect(res.statusCode).toBe(500);
      expect(await res.body.text()).toBe('Internal Server Error\n');
    }
    expect(errors.map((e) => (e as Error).message)).toEqual(['thrown', 'rejected']);
  });

  it('answers 500 when the app returns something that is not a Response', async () => {
    const errors: unknown[] = [];
    const server = await serveApp(
      { fetch: () => 'not a response' as unknown as Response },
      { onError: (error) => errors.push(error) },
    );
    expect((await request(server.url)).statusCode).toBe(500);
    expect(errors).toMatchObject([{ code: 'INVALID_RESPONSE' }]);
  });

  it('answers 500 when the body fails before its first byte was sent', async () => {
    const server = await serveApp(
      {
        fetch: () =>
          new Response(new ReadableStream({ start: (c) => c.error(new Error('no data')) })),
      },
      { onError: noLog },
    );
    expect((await request(server.url)).statusCode).toBe(500);
  });
});

describe('when the head goes out (README: "Errors")', () => {
  // The head of a body that does not end at once is flushed after a few microtasks, so an SSE
  // client sees the stream open before its first event. A body failing before that gets a
  // 500; one failing after waiting for anything (a timer, I/O) gets the 200 head and a cut.
  it('a body that fails on its first read, without waiting: 500', async () => {
    const errors: unknown[] = [];
    const server = await serveApp(
      {
        fetch: () =>
          new Response(
            new ReadableStream({
              pull: () => Promise.reject(new Error('first read failed')),
            }),
          ),
      },
      { onError: (error) => errors.push(error) },
    );
    const res = await request(server.url);
    expect(res.statusCode).toBe(500);
    expect(await res.body.text()).toBe('Internal Server Error\n');
    expect(errors).toHaveLength(1);
  });

  it('a body that fails after a timer, before any byte: 200 head, then a cut (curl exit 18)', async () => {
    const errors: unknown[] = [];
    const server = await serveApp(
      {
        fetch: () =>
          new Response(
            new ReadableStream({
              async pull(controller) {
                await new Promise((resolve) => setTimeout(resolve, 10));
                controller.error(new Error('failed later'));
              },
            }),
          ),
      },
      { onError: (error) => errors.push(error) },
    );
    const result = await curl(['-w', '%{http_code}', server.url]);
    expect(result.stdout.toString()).toBe('200');
    expect(result.code).toBe(18);
    expect(errors).toHaveLength(1);
  });
});

describe('a body that fails after bytes were sent', () => {
  const failingMidBody = (reason: unknown) => ({
    fetch: () =>
      new Response(
        new ReadableStream({
          async start(controller) {
            controller.enqueue(encode('partial '));
            await new Promise((resolve) => setTimeout(resolve, 20));
            controller.error(reason);
          },
        }),
      ),
  });

  it('destroys the socket: undici and fetch see a truncation, not a clean end', async () => {
    const errors: unknown[] = [];
    const server = await serveApp(failingMidBody(new Error('upstream died')), {
      onError: (error) => errors.push(error),
    });
    const res = await request(server.url);
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow();
    const fetched = await fetch(server.url);
    await expect(fetched.text()).rejects.toThrow(TypeError);
    expect(errors.map((e) => (e as Error).message)).toEqual(['upstream died', 'upstream died']);
  });

  it('destroys the socket even when the error reason is undefined', async () => {
    // @hono/node-server's own writer ends such a response cleanly with "Error: ..." appended.
    const server = await serveApp(failingMidBody(undefined), { onError: noLog });
    const res = await request(server.url);
    await expect(res.body.text()).rejects.toThrow();
  });

  it('curl gets the bytes sent so far and reports a partial transfer', async () => {
    const server = await serveApp(failingMidBody(new Error('boom')), { onError: noLog });
    const result = await curl([server.url]);
    expect(result.stdout.toString()).toBe('partial ');
    expect(result.code).toBe(18); // CURLE_PARTIAL_FILE: the chunked body never ended
  });

  it('the raw wire has no final zero-length chunk', async () => {
    const server = await serveApp(failingMidBody(new Error('boom')), { onError: noLog });
    const { port } = new URL(server.url);
    const wire = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('close', () => resolve(text));
    });
    expect(wire).toContain('Transfer-Encoding: chunked');
    expect(wire).toContain('partial ');
    expect(wire.endsWith('0\r\n\r\n')).toBe(false);
  });

  it("a body shorter than the app's Content-Length is a truncation, not a hang", async () => {
    const server = await serveApp(
      {
        fetch: () =>
          new Response(
            new ReadableStream({
              async start(controller) {
                controller.enqueue(encode('only ten b'));
                await new Promise((resolve) => setTimeout(resolve, 20));
                controller.close();
              },
            }),
            { headers: { 'content-length': '100' } },
          ),
      },
      { onError: noLog },
    );
    const result = await curl([server.url]);
    expect(result.stdout.toString()).toBe('only ten b');
    expect(result.code).toBe(18);
  });
});
