// Every way an app copies, forwards or re-reads the request works on Node (issue 13, item 2),
// as it does on Lambda and Workers. Before the adapter had its own Request, each of these
// answered 500 with "Cannot read private member #state".
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { curl, deferred, listenUpstream, serveApp, until } from '../../test/helpers.ts';
import { ClientDisconnectedError } from '../errors.ts';
import { installGlobals } from './globals.ts';

installGlobals(); // as createListener() does; the instanceof checks below run outside a server too

const json = (value: unknown) => Response.json(value);

async function chunkedUpload(url: string, parts: string[], method = 'POST') {
  async function* body() {
    for (const part of parts) yield Buffer.from(part);
  }
  return request(url, { method, body: Readable.from(body()) }); // no Content-Length: chunked
}

describe('copies of the request', () => {
  it('new Request(request) keeps method, url, headers and the streamed body', async () => {
    const server = await serveApp({
      fetch: async (req) => {
        const copy = new Request(req);
        return json({
          method: copy.method,
          path: new URL(copy.url).pathname,
          header: copy.headers.get('x-test'),
          body: await copy.text(),
        });
      },
    });
    const res = await chunkedUpload(`${server.url}/copy`, ['hello ', 'world']);
    expect(await res.body.json()).toEqual({
      method: 'POST',
      path: '/copy',
      header: null,
      body: 'hello world',
    });
  });

  it('new Request(url, request) takes method, headers and body from the request', async () => {
    const server = await serveApp({
      fetch: async (req) => {
        const copy = new Request('http://elsewhere.example/x', req);
        return json({
          url: copy.url,
          method: copy.method,
          type: copy.headers.get('content-type'),
          body: await copy.text(),
        });
      },
    });
    const res = await request(`${server.url}/`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'sized body',
    });
    expect(await res.body.json()).toEqual({
      url: 'http://elsewhere.example/x',
      method: 'PUT',
      type: 'text/plain',
      body: 'sized body',
    });
  });

  it('request.clone(): both bodies can be read in full', async () => {
    const server = await serveApp({
      fetch: async (req) => {
        const clone = req.clone();
        const [original, copy] = await Promise.all([req.text(), clone.text()]);
        return json({ original, copy, used: req.bodyUsed && clone.bodyUsed });
      },
    });
    const res = await chunkedUpload(server.url, ['a'.repeat(70_000), 'b'.repeat(70_000)]);
    const body = (await res.body.json()) as { original: string; copy: string; used: boolean };
    expect(body.original).toHaveLength(140_000);
    expect(body.copy).toBe(body.original);
    expect(body.used).toBe(true);
  });

  it('reading the body twice fails as on any platform (Body is unusable)', async () => {
    const server = await serveApp({
      fetch: async (req) => {
        await req.text();
        const second = await req.text().then(
          () => 'read again',
          (error: Error) => error.name,
        );
        return json({
          second,
          cloneThrows: (() => {
            try {
              req.clone();
              return false;
            } catch {
              return true;
            }
          })(),
        });
      },
    });
    const res = await request(server.url, { method: 'POST', body: 'x' });
    expect(await res.body.json()).toEqual({ second: 'TypeError', cloneThrows: true });
  });

  it('request.signal of copies (new Request, clone, new Request(url, request)) aborts when the client leaves', async () => {
    const reasons: unknown[] = [];
    const entered = deferred();
    const server = await serveApp({
      fetch: (req) => {
        const copies = [new Request(req), req.clone(), new Request('http://x.example/', req)];
        for (const copy of copies)
          copy.signal.addEventListener('abort', () => reasons.push(copy.signal.reason));
        entered.resolve();
        return new Promise<Response>(() => {});
      },
    });
    const controller = new AbortController();
    const pending = request(server.url, { signal: controller.signal }).catch(() => {});
    await entered.promise;
    controller.abort();
    await pending;
    await until(() => reasons.length === 3);
    for (const reason of reasons) expect(reason).toBeInstanceOf(ClientDisconnectedError);
  });
});

describe('fetch(request) forwards the request', () => {
  it('streams the body to the upstream as it arrives, chunk by chunk', async () => {
    const seenByUpstream = deferred<{
      method: string;
      path: string;
      chunks: number;
      body: string;
    }>();
    const arrived = deferred();
    const upstream = await listenUpstream(async (req, res) => {
      arrived.resolve();
      let body = '';
      let chunks = 0;
      for await (const chunk of req) {
        body += chunk;
        chunks++;
      }
      seenByUpstream.resolve({ method: req.method!, path: req.url!, chunks, body });
      res.end('upstream got it');
    });
    // The client names the upstream in Host, so request.url points there: fetch(request) as is.
    const server = await serveApp({ fetch: (req) => fetch(req) });
    const { host } = new URL(upstream.url);
    const release = deferred();
    async function* slowBody() {
      yield Buffer.from('first;');
      await release.promise;
      yield Buffer.from('second');
    }
    const res = request(`${server.url}/forwarded?q=1`, {
      method: 'POST',
      headers: { host },
      body: Readable.from(slowBody()),
    });
    // The upstream is reached while the client still holds back the rest: the body streams.
    await arrived.promise;
    release.resolve();
    const response = await res;
    expect(await response.body.text()).toBe('upstream got it');
    expect(await seenByUpstream.promise).toMatchObject({
      method: 'POST',
      path: '/forwarded?q=1',
      body: 'first;second',
    });
  });

  it('fetch(request) aborts the upstream call when the client leaves (request.signal is passed on)', async () => {
    const upstreamClosed = deferred();
    const upstream = await listenUpstream((_req, res) => {
      res.writeHead(200);
      res.write('open');
      res.once('close', () => upstreamClosed.resolve());
    });
    const server = await serveApp({ fetch: (req) => fetch(req) });
    const controller = new AbortController();
    const res = await request(`${server.url}/`, {
      headers: { host: new URL(upstream.url).host },
      signal: controller.signal,
    });
    for await (const _ of res.body) break;
    controller.abort();
    await upstreamClosed.promise;
  });
});

describe("Hono's bodyLimit", () => {
  function limitedApp() {
    const app = new Hono();
    app.post(
      '/upload',
      bodyLimit({ maxSize: 100, onError: (c) => c.text('too big', 413) }),
      async (c) => c.text(`got ${(await c.req.text()).length}`),
    );
    return app;
  }

  it('passes a chunked upload under the limit (it re-creates the request: new Request(raw, { body }))', async () => {
    const server = await serveApp(limitedApp());
    const res = await chunkedUpload(`${server.url}/upload`, ['x'.repeat(40), 'y'.repeat(40)]);
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('got 80');
  });

  it('refuses a chunked upload over the limit with 413', async () => {
    const server = await serveApp(limitedApp());
    const res = await chunkedUpload(`${server.url}/upload`, ['x'.repeat(80), 'y'.repeat(80)]);
    expect(res.statusCode).toBe(413);
    expect(await res.body.text()).toBe('too big');
  });

  it('checks a sized upload by its Content-Length (curl)', async () => {
    const server = await serveApp(limitedApp());
    const small = await curl([
      '-X',
      'POST',
      '--data-binary',
      'x'.repeat(50),
      `${server.url}/upload`,
    ]);
    expect(small.stdout.toString()).toBe('got 50');
    const big = await curl([
      '-w',
      '%{http_code}',
      '-o',
      '/dev/null',
      '-X',
      'POST',
      '--data-binary',
      'x'.repeat(500),
      `${server.url}/upload`,
    ]);
    expect(big.stdout.toString()).toBe('413');
  });
});

describe('instanceof and the installed globals', () => {
  it('the request, fetch() results and new Response() are instances of the globals, and of the natives', async () => {
    const nativeRequest = Object.getPrototypeOf(Request.prototype).constructor as typeof Request;
    const upstream = await listenUpstream((_req, res) => res.end('up'));
    const seen: Record<string, boolean> = {};
    const server = await serveApp({
      fetch: async (req) => {
        const fetched = await fetch(upstream.url);
        const made = new Response('made');
        seen.request = req instanceof Request;
        seen.requestNative = req instanceof nativeRequest;
        seen.fetched = fetched instanceof Response;
        seen.made = made instanceof Response;
        seen.copy = new Request(req) instanceof Request;
        seen.headers = req.headers instanceof Headers;
        seen.madeIsNotRequest = !((made as unknown) instanceof Request);
        await fetched.text();
        return made;
      },
    });
    expect(await (await request(server.url)).body.text()).toBe('made');
    expect(seen).toEqual({
      request: true,
      requestNative: true,
      fetched: true,
      made: true,
      copy: true,
      headers: true,
      madeIsNotRequest: true,
    });
  });

  it('keeps Response.json, Response.redirect and Response.error', async () => {
    const json = Response.json({ a: 1 }, { status: 201, headers: { 'x-a': '1' } });
    expect(json.status).toBe(201);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(json.headers.get('x-a')).toBe('1');
    expect(await json.json()).toEqual({ a: 1 });
    const redirect = Response.redirect('http://example.com/next', 307);
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe('http://example.com/next');
    expect(Response.error().type).toBe('error');
    expect(() => new Response('x', { status: 99 })).toThrow(RangeError);
    expect(() => new Response('x', { status: 204 })).toThrow(TypeError);
  });

  it('a subclass of the installed Response is not mistaken for the base class', () => {
    class MyResponse extends Response {}
    expect(new MyResponse('x') instanceof MyResponse).toBe(true);
    expect(new Response('x') instanceof MyResponse).toBe(false);
  });
});
