import { connect } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { deferred, encode, serveApp, settled, until } from '../../test/helpers.ts';
import { ClientDisconnectedError } from '../errors.ts';

describe('when the client leaves', () => {
  it('aborts request.signal with ClientDisconnectedError and cancels the body', async () => {
    const aborted = deferred<unknown>();
    const cancelled = deferred<unknown>();
    const server = await serveApp({
      fetch: (req) => {
        req.signal.addEventListener('abort', () => aborted.resolve(req.signal.reason));
        return new Response(
          new ReadableStream({
            start: (controller) => controller.enqueue(encode('data: first\n\n')),
            cancel: (reason) => cancelled.resolve(reason),
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      },
    });
    const controller = new AbortController();
    const res = await request(server.url, { signal: controller.signal });
    for await (const _chunk of res.body) break; // got the first event, then leave
    controller.abort();
    expect(await aborted.promise).toBeInstanceOf(ClientDisconnectedError);
    expect(await cancelled.promise).toBeInstanceOf(ClientDisconnectedError);
  });

  it('aborts request.signal while the app is still working on the response', async () => {
    const entered = deferred();
    const aborted = deferred<unknown>();
    const server = await serveApp({
      fetch: (req) =>
        new Promise<Response>(() => {
          req.signal.addEventListener('abort', () => aborted.resolve(req.signal.reason));
          entered.resolve();
        }),
    });
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () =>
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    await entered.promise;
    socket.destroy();
    expect(await aborted.promise).toBeInstanceOf(ClientDisconnectedError);
  });

  it('does not abort request.signal of a response that completed', async () => {
    let signal: AbortSignal | undefined;
    const server = await serveApp({
      fetch: (req) => {
        signal = req.signal;
        return new Response('done');
      },
    });
    const socketClosed = new Promise((resolve) =>
      server.httpServer.once('connection', (socket) => socket.once('close', resolve)),
    );
    const res = await request(server.url, { reset: true }); // closes the socket afterwards
    expect(await res.body.text()).toBe('done');
    await socketClosed;
    expect(signal?.aborted).toBe(false);
  });
});

describe('a slow reader', () => {
  it('stops the reads of an endless body (bounded memory), which resume as it reads', async () => {
    let pulledBytes = 0;
    const chunk = new Uint8Array(64 * 1024).fill(120);
    const server = await serveApp({
      fetch: () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              pulledBytes += chunk.byteLength;
              controller.enqueue(chunk);
            },
          }),
        ),
    });
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () =>
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    socket.pause(); // the client reads nothing: kernel buffers fill, then the server waits
    const stalledAt = await settled(() => pulledBytes);
    // Socket buffers on both ends (a few MB on loopback) plus one 16 KiB high-water mark:
    // far below what an unthrottled loop would have produced in that time.
    expect(stalledAt).toBeGreaterThan(0);
    expect(stalledAt).toBeLessThan(32 * 1024 * 1024);
    let received = 0;
    socket.on('data', (data: Buffer) => {
      received += data.length;
    });
    socket.resume();
    await until(() => pulledBytes > stalledAt + 8 * 1024 * 1024);
    socket.destroy();
    expect(received).toBeGreaterThan(stalledAt);
  });
});
