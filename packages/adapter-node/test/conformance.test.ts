// The behaviours of the shared adapter suites of two other fetch servers for Node, ported to
// this adapter: srvx (h3js/srvx test/_tests.ts, test/node-*.test.ts) and @hono/node-server
// (test/server.test.ts, test/request.test.ts). One Hono app (fixture-app.ts), real clients.
// Where this adapter deliberately differs, the test says so (and the README says why).
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { Server } from '../src/index.ts';
import { type AbortRecord, serveFixture } from './fixture-app.ts';
import { until } from './helpers.ts';

let server: Server;
let aborts: AbortRecord[];
const url = (path: string) => `${server.url}${path}`;

async function shared(): Promise<void> {
  ({ server, aborts } = await serveFixture());
}

describe('basics (srvx _tests, @hono/node-server server.test)', () => {
  it('GET / works', async () => {
    await shared();
    const res = await fetch(url('/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('ok');
  });

  it('query, params, redirects and methods route as in Hono', async () => {
    await shared();
    expect(await (await fetch(url('/posts?page=2'))).text()).toBe('Page 2');
    const redirect = await fetch(url('/posts'), { method: 'POST', redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/posts');
    expect(await (await fetch(url('/posts/123'), { method: 'DELETE' })).text()).toBe('DELETE 123');
    expect((await fetch(url('/'), { method: 'PURGE' })).status).toBe(404);
  });

  it('request.url is the URL the client used', async () => {
    await shared();
    const text = await (await fetch(url('/url'))).text();
    const parsed = new URL(text);
    expect(parsed.protocol).toBe('http:');
    expect(parsed.hostname).toBe('127.0.0.1');
    expect(parsed.pathname).toBe('/url');
  });

  it('request instanceof Request, request.headers instanceof Headers', async () => {
    await shared();
    expect(await (await fetch(url('/req-instanceof'))).json()).toEqual({ request: true });
    expect(await (await fetch(url('/req-headers-instanceof'))).json()).toEqual({ headers: true });
  });

  it.each(['/req-clone', '/req-new-req'])('%s copies method, url and headers', async (path) => {
    await shared();
    const res = await fetch(url(path), { method: 'DELETE', headers: { 'x-test': '123' } });
    expect(await res.json()).toMatchObject({
      pathname: path,
      method: 'DELETE',
      headers: { 'x-test': '123' },
    });
  });

  it('request headers come through; response headers set from them', async () => {
    await shared();
    const res = await fetch(url('/headers'), { headers: { foo: 'bar', bar: 'baz' } });
    expect(await res.json()).toMatchObject({ foo: 'bar', bar: 'baz', unset: null });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-req-foo')).toBe('bar');
  });

  it('headers set on a built response count; mutating its init object afterwards does not', async () => {
    await shared();
    const res = await fetch(url('/headers/mutated'));
    expect(res.headers.get('x-test-header-1')).toBe('1');
    expect(res.headers.get('x-test-header-2')).toBe('2');
    expect(res.headers.get('x-ignored')).toBeNull();
  });

  it('c.env carries incoming and outgoing (HttpBindings)', async () => {
    await shared();
    expect(await (await fetch(url('/env'))).json()).toEqual({
      incoming: 'IncomingMessage',
      url: '/env',
      outgoing: 'ServerResponse',
    });
  });

  it('the client address is on env.incoming', async () => {
    await shared();
    expect(await (await fetch(url('/ip'))).text()).toMatch(/ip: (::ffff:)?127\.0\.0\.1/);
  });

  it("the app's onError answers for a throwing route; a custom notFound answers 404", async () => {
    await shared();
    const res = await fetch(url('/error'));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('error: test error');
    const missing = await fetch(url('/nowhere'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Custom NotFound');
  });

  it('TRACE does not raise', async () => {
    await shared();
    const res = await request(url('/'), { method: 'TRACE' });
    expect(await res.body.text()).toBe('trace TRACE');
  });

  it('middleware: poweredBy, basicAuth (unicode password), compress', async () => {
    await shared();
    expect((await fetch(url('/powered/x'))).headers.get('x-powered-by')).toBe('Hono');
    expect((await fetch(url('/auth/x'))).status).toBe(401);
    const credential = Buffer.from('user:炎').toString('base64');
    const authed = await fetch(url('/auth/x'), {
      headers: { authorization: `Basic ${credential}` },
    });
    expect(await authed.text()).toBe('auth');
    const res = await request(url('/compressed/big'), { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    const body = gunzipSync(Buffer.from(await res.body.arrayBuffer())).toString();
    expect(body).toBe('one '.repeat(100_000));
  });

  it('c.res = new Response("", c.res) keeps the status and headers', async () => {
    await shared();
    const res = await fetch(url('/response/child'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('aborts (srvx "abort request", "total aborts")', () => {
  it('the client leaving aborts request.signal exactly once; finished requests never abort', async () => {
    await shared();
    const before = aborts.length;
    const controller = new AbortController();
    const res = await fetch(url('/abort'), { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await until(() => aborts.some((a) => a.request === 'GET /abort'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(aborts.slice(before).map((a) => a.request)).toEqual(['GET /abort']);
  });
});

describe('request lines (srvx _tests)', () => {
  it('normalises traversal in the path', async () => {
    await shared();
    const { port } = new URL(server.url);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/pathname/../pathname/./a/b' },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('/pathname/a/b');
  });

  it('accepts an absolute-form request line (keeping the Host header for the URL)', async () => {
    await shared();
    const { port } = new URL(server.url);
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: `${server.url}/url`, headers: { host: 'example.com' } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(text).toBe('http://example.com/url');
  });
});
