// No request can crash the process (issue 13, item 5): every failure ends in a 500 before any
// byte or a cut after, with exactly one onError call. An uncaught exception or unhandled
// rejection would fail this file (vitest reports them as errors).
import { connect } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { deferred, encode, serveApp, until } from '../../test/helpers.ts';
import type { HttpBindings } from '../app.ts';

function collect() {
  const errors: unknown[] = [];
  return { errors, onError: (error: unknown) => errors.push(error) };
}

describe('error paths that used to escape the listener', () => {
  it('a poisoned status message and a throw: the fallback 500 still goes out', async () => {
    const { errors, onError } = collect();
    const server = await serveApp(
      {
        fetch: (_req: Request, env: HttpBindings) => {
          env.outgoing.statusMessage = 'bad\r\nx-injected: 1';
          throw new Error('app failed');
        },
      },
      { onError },
    );
    const res = await request(server.url);
    expect(res.statusCode).toBe(500);
    expect(res.headers['x-injected']).toBeUndefined();
    expect(await res.body.text()).toBe('Internal Server Error\n');
    expect(errors.map((e) => (e as Error).message)).toEqual(['app failed']);
  });

  it('a poisoned status message with a good response: 500, not a crash', async () => {
    const { errors, onError } = collect();
    const server = await serveApp(
      {
        fetch: (_req: Request, env: HttpBindings) => {
          env.outgoing.statusMessage = 'bad\nvalue';
          return new Response('fine');
        },
      },
      { onError },
    );
    expect((await request(server.url)).statusCode).toBe(500);
    expect(errors).toHaveLength(1);
    expect((errors[0] as { code?: string }).code).toBe('ERR_INVALID_CHAR');
  });

  it.each([
    ['an invalid header value', { 'x-bad': 'a\u0001b' }],
    ['an invalid header name', { 'bad name': 'x' }],
  ])('%s from the app: 500 and one onError', async (_name, headers) => {
    const { errors, onError } = collect();
    const server = await serveApp(
      { fetch: () => new Response('body', { headers: headers as Record<string, string> }) },
      { onError },
    );
    const res = await request(server.url);
    expect(res.statusCode).toBe(500);
    await res.body.text();
    expect(errors).toHaveLength(1);
  });

  it('a Content-Length that contradicts a body known in full: 500 before any byte', async () => {
    const { errors, onError } = collect();
    const server = await serveApp(
      { fetch: () => new Response('twelve bytes', { headers: { 'content-length': '3' } }) },
      { onError },
    );
    const res = await request(server.url);
    expect(res.statusCode).toBe(500);
    expect(errors).toMatchObject([{ code: 'CONTENT_LENGTH_MISMATCH' }]);
  });

  it('an onError that throws is logged, and the client still gets its 500', async () => {
    const server = await serveApp(
      {
        fetch: () => {
          throw new Error('first');
        },
      },
      {
        onError: () => {
          throw new Error('onError broke');
        },
      },
    );
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      expect((await request(server.url)).statusCode).toBe(500);
    } finally {
      console.error = original;
    }
    expect(logged).toHaveLength(1);
  });

  it('a client gone mid-write: the body is cancelled, nothing is reported', async () => {
    const { errors, onError } = collect();
    const cancelled = deferred();
    const server = await serveApp(
      {
        fetch: () =>
          new Response(
            new ReadableStream({
              pull: (controller) => controller.enqueue(new Uint8Array(64 * 1024)),
              cancel: () => cancelled.resolve(),
            }),
          ),
      },
      { onError },
    );
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () =>
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    let received = 0;
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (received > 1024 * 1024) socket.destroy();
    });
    await cancelled.promise;
    expect(errors).toEqual([]);
  });

  it('an app that answered through env.outgoing itself is left alone', async () => {
    const { errors, onError } = collect();
    const server = await serveApp(
      {
        fetch: (_req: Request, env: HttpBindings) => {
          env.outgoing.writeHead(202, { 'content-type': 'text/plain' });
          env.outgoing.end('written by the app');
          return new Response(null, { headers: { 'x-hono-already-sent': 'true' } });
        },
      },
      { onError },
    );
    const res = await request(server.url);
    expect(res.statusCode).toBe(202);
    expect(await res.body.text()).toBe('written by the app');
    expect(errors).toEqual([]);
  });

  it('a body failing after the head went out is one onError and a cut, repeated 50 times', async () => {
    const { errors, onError } = collect();
    const server = await serveApp(
      {
        fetch: () =>
          new Response(
            new ReadableStream({
              async start(controller) {
                controller.enqueue(encode('partial'));
                await new Promise((resolve) => setTimeout(resolve, 5));
                controller.error(new Error('late failure'));
              },
            }),
          ),
      },
      { onError },
    );
    for (let i = 0; i < 50; i++) {
      const res = await request(server.url);
      await expect(res.body.text()).rejects.toThrow();
    }
    await until(() => errors.length === 50);
    expect(new Set(errors.map((e) => (e as Error).message))).toEqual(new Set(['late failure']));
  });
});
