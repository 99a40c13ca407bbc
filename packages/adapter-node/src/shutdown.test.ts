import { connect } from 'node:net';
import { sse } from '@sluice/core';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { deferred, encode, serveApp, until } from '../test/helpers.ts';
import { ServerShutdownError } from './errors.ts';

function lastEvent(text: string): { event: string; data: string } {
  const block = text.trim().split('\n\n').at(-1) ?? '';
  const field = (name: string) =>
    block
      .split('\n')
      .find((line) => line.startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  return { event: field('event'), data: field('data') };
}

describe('graceful shutdown', () => {
  it('ends 100 open SSE streams from @sluice/core with end status "aborted", then closes', async () => {
    const reasons: unknown[] = [];
    const server = await serveApp({
      fetch: (req) =>
        sse(
          async (send, signal) => {
            await send({ data: 'open' });
            await new Promise((resolve) => signal.addEventListener('abort', resolve));
            reasons.push(signal.reason);
          },
          { request: req, heartbeatMs: 0 },
        ),
    });
    const dispatcher = new Agent({ connections: 100 });
    const opened: Promise<void>[] = [];
    const bodies = Array.from({ length: 100 }, async () => {
      const first = deferred();
      opened.push(first.promise);
      const res = await request(server.url, { dispatcher });
      let text = '';
      for await (const chunk of res.body) {
        text += chunk;
        if (text.includes('data: open')) first.resolve();
      }
      return text;
    });
    await until(() => opened.length === 100);
    await Promise.all(opened);

    await server.close();
    const texts = await Promise.all(bodies);
    await dispatcher.close();

    for (const text of texts) {
      const end = lastEvent(text);
      expect(end.event).toBe('end');
      expect(JSON.parse(end.data)).toMatchObject({ v: 1, status: 'aborted', count: 1 });
    }
    expect(reasons).toHaveLength(100);
    expect(reasons.every((reason) => reason instanceof ServerShutdownError)).toBe(true);
    expect(server.httpServer.listening).toBe(false);
    await expect(request(server.url)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('destroys responses still open after shutdownTimeoutMs (the client sees a truncation)', async () => {
    const server = await serveApp(
      {
        // Ignores request.signal: never ends on its own.
        fetch: () => new Response(new ReadableStream({ start: (c) => c.enqueue(encode('x')) })),
      },
      { shutdownTimeoutMs: 100 },
    );
    const res = await request(server.url);
    const body = res.body.text();
    await server.close();
    await expect(body).rejects.toThrow();
  });

  it('answers a request that arrives while responses are still in flight with 503', async () => {
    const aborted = deferred();
    const release = deferred();
    const server = await serveApp({
      fetch: (req) =>
        new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(encode('working'));
              req.signal.addEventListener('abort', () => aborted.resolve());
              await release.promise;
              controller.enqueue(encode(' bye'));
              controller.close();
            },
          }),
        ),
    });
    let requests = 0;
    server.httpServer.on('request', () => requests++);
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () =>
      socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    let wire = '';
    socket.on('data', (chunk) => {
      wire += chunk;
    });
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    await until(() => wire.includes('working'));
    const closing = server.close();
    await aborted.promise;
    socket.write('GET /late HTTP/1.1\r\nHost: x\r\n\r\n'); // pipelined behind /slow
    await until(() => requests === 2);
    release.resolve();
    await closing;
    await socketClosed;
    const [first, second] = wire.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(first).toContain('working');
    expect(first).toContain(' bye');
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second?.toLowerCase()).toContain('connection: close');
  });

  it('shuts down when the signal option aborts', async () => {
    const controller = new AbortController();
    const server = await serveApp(
      { fetch: () => new Response('up') },
      { signal: controller.signal },
    );
    expect(await (await request(server.url)).body.text()).toBe('up');
    controller.abort();
    await server.close(); // the same shutdown the signal started
    expect(server.httpServer.listening).toBe(false);
  });
});
