// requestBodyIdleTimeoutMs (issue 13, item 5): a request body that stops arriving gets a 408
// (or its connection closed), while slow responses and an app that reads late are left alone.
import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { deferred, encode, serveApp, until } from '../../test/helpers.ts';
import { RequestBodyTimeoutError } from '../errors.ts';

function openSocket(
  url: string,
  head: string,
): { socket: Socket; wire: () => string; closed: Promise<void> } {
  const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.write(head));
  let text = '';
  socket.on('data', (chunk) => {
    text += chunk;
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, wire: () => text, closed };
}

describe('a request body that stops arriving', () => {
  it('is answered 408 and the connection closed; request.signal and the body fail with RequestBodyTimeoutError', async () => {
    const reasons: unknown[] = [];
    const server = await serveApp(
      {
        fetch: async (req) => {
          req.signal.addEventListener('abort', () => reasons.push(req.signal.reason));
          try {
            await req.text();
          } catch (error) {
            reasons.push(error);
          }
          return new Response('never sent');
        },
      },
      { requestBodyIdleTimeoutMs: 200, onError: () => {} },
    );
    const { wire, closed } = openSocket(
      server.url,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b',
    );
    await closed;
    expect(wire()).toMatch(/^HTTP\/1\.1 408 /);
    expect(wire().toLowerCase()).toContain('connection: close');
    await until(() => reasons.length === 2);
    for (const reason of reasons) expect(reason).toBeInstanceOf(RequestBodyTimeoutError);
  });

  it('a stalled chunked upload is cut as well', async () => {
    const server = await serveApp(
      { fetch: async (req) => new Response(await req.text()) },
      { requestBodyIdleTimeoutMs: 200, onError: () => {} },
    );
    const { wire, closed } = openSocket(
      server.url,
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n',
    );
    await closed;
    expect(wire()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('once the response started, the connection is closed (no second head)', async () => {
    const server = await serveApp(
      {
        fetch: (req) =>
          new Response(
            new ReadableStream({
              async start(controller) {
                controller.enqueue(encode('started '));
                await req.text().catch(() => {});
              },
            }),
          ),
      },
      { requestBodyIdleTimeoutMs: 200, onError: () => {} },
    );
    const { wire, closed } = openSocket(
      server.url,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc',
    );
    // Writes refresh the socket's timer too; this response writes once, then goes quiet.
    await closed;
    expect(wire()).toMatch(/^HTTP\/1\.1 200 /);
    expect(wire()).toContain('started ');
    expect(wire().match(/HTTP\/1\.1/g)).toHaveLength(1);
  });

  it('slow bodies that keep sending, apps that read late and long responses are not cut', async () => {
    const server = await serveApp(
      {
        fetch: async (req) => {
          if (new URL(req.url).pathname === '/late') await new Promise((r) => setTimeout(r, 500));
          const body = await req.text();
          return new Response(
            new ReadableStream({
              async start(controller) {
                controller.enqueue(encode(`${body.length};`));
                await new Promise((r) => setTimeout(r, 500)); // silent response > timeout
                controller.enqueue(encode('end'));
                controller.close();
              },
            }),
          );
        },
      },
      { requestBodyIdleTimeoutMs: 200 },
    );
    // A trickle: one byte every 100 ms (under the timeout), 6 bytes in all.
    const trickle = openSocket(
      server.url,
      'POST /trickle HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n',
    );
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 100));
      trickle.socket.write('x');
    }
    await until(() => trickle.wire().includes('end'));
    expect(trickle.wire()).toMatch(/^HTTP\/1\.1 200 /);
    trickle.socket.destroy();
    // The whole body arrived at once; the app reads it only after 500 ms.
    const res = await request(`${server.url}/late`, { method: 'POST', body: 'abc' });
    expect(await res.body.text()).toBe('3;end');
  });

  it('0 disables the limit', async () => {
    const release = deferred();
    const server = await serveApp(
      { fetch: async (req) => new Response(await req.text()) },
      { requestBodyIdleTimeoutMs: 0 },
    );
    const { socket, wire } = openSocket(
      server.url,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab',
    );
    setTimeout(() => release.resolve(), 300);
    await release.promise;
    socket.write('cd');
    await until(() => wire().endsWith('abcd'));
    socket.destroy();
  });
});
