// proxy() against upstreams that answer badly and visitors that send what is not the
// upstream's business: credentials for our origin, forwarding claims, paths that climb out.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { proxy } from './proxy.ts';
import { deferred, listenUpstream } from './test-upstream.ts';

const rawServers: Server[] = [];
afterEach(() => {
  for (const server of rawServers.splice(0)) server.close();
});

/** A TCP upstream that answers every request with `answer`, then closes. */
async function rawUpstream(answer: string): Promise<string> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end(Buffer.from(answer, 'latin1')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rawServers.push(server);
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const VISITOR_HEADERS = {
  cookie: 'session=for-our-origin',
  authorization: 'Bearer for-our-origin',
  forwarded: 'for=6.6.6.6;host=evil.example',
  'x-forwarded-for': '6.6.6.6',
  'x-forwarded-host': 'evil.example',
  'x-request-id': 'r-1',
};

describe('proxy() safety', () => {
  it.each([
    ['not HTTP at all', 'SSH-2.0-OpenSSH_9.6\r\n\r\n'],
    ['a status line with letters', 'HTTP/1.1 2xx OK\r\ncontent-length: 0\r\n\r\n'],
    ['a NUL in a header value', 'HTTP/1.1 200 OK\r\nx-bad: a\u0000b\r\ncontent-length: 0\r\n\r\n'],
    ['status 999', 'HTTP/1.1 999 Odd\r\ncontent-length: 5\r\n\r\nhello'],
  ])('answers 502 UPSTREAM_UNREACHABLE to %s', async (_, answer) => {
    const target = await rawUpstream(answer);
    const res = await proxy(new Request('http://proxy.local/x'), { target, allow: [target] });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      error: { code: 'UPSTREAM_UNREACHABLE', message: 'The upstream server could not be reached' },
    });
  });

  it("does not forward the visitor's Cookie, Authorization, Forwarded or X-Forwarded-*", async () => {
    const seen = deferred<Record<string, unknown>>();
    const upstream = await listenUpstream((req, res) => {
      seen.resolve(req.headers);
      res.end('ok');
    });
    const request = new Request('http://proxy.local/x', { headers: VISITOR_HEADERS });
    await (await proxy(request, { target: upstream.url, allow: [upstream.url] })).text();
    const headers = await seen.promise;
    for (const name of [
      'cookie',
      'authorization',
      'forwarded',
      'x-forwarded-for',
      'x-forwarded-host',
    ]) {
      expect(headers[name], name).toBeUndefined();
    }
    expect(headers['x-request-id']).toBe('r-1');
  });

  it('forwards a withheld header the app names in forwardHeaders', async () => {
    const seen = deferred<Record<string, unknown>>();
    const upstream = await listenUpstream((req, res) => {
      seen.resolve(req.headers);
      res.end('ok');
    });
    const request = new Request('http://proxy.local/x', { headers: VISITOR_HEADERS });
    const options = {
      target: upstream.url,
      allow: [upstream.url],
      forwardHeaders: ['authorization'],
    };
    await (await proxy(request, options)).text();
    const headers = await seen.promise;
    expect(headers.authorization).toBe('Bearer for-our-origin');
    expect(headers.cookie).toBeUndefined();
  });

  it.each(['/public/..%2fadmin', '/public/%2e%2e%2fadmin', '/public/%252e%252e%252fadmin'])(
    'refuses %s with 400 and never asks the upstream',
    async (path) => {
      const upstream = await listenUpstream((_req, res) => res.end('should not be reached'));
      const target = `${upstream.url}/api/`;
      const res = await proxy(new Request(`http://proxy.local${path}`), {
        target,
        allow: [upstream.url],
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'PROXY_PATH_NOT_ALLOWED' } });
      expect(upstream.connections()).toBe(0);
    },
  );
});
