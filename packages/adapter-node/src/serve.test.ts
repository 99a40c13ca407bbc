import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { curl, serveApp } from '../test/helpers.ts';
import { createListener, serverTimeouts } from './index.ts';

const GlobalRequest = globalThis.Request;
const GlobalResponse = globalThis.Response;

describe('serve', () => {
  it('listens on all interfaces and reports a localhost url (as the demo uses it)', async () => {
    const server = await serveApp({ fetch: () => new Response('demo') }, { hostname: undefined });
    expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
    const port = (server.httpServer.address() as AddressInfo).port;
    expect(await (await request(`http://127.0.0.1:${port}/`)).body.text()).toBe('demo');
  });

  it('applies timeouts that never cut a long stream', async () => {
    const server = await serveApp({ fetch: () => new Response('') });
    expect(server.httpServer.requestTimeout).toBe(serverTimeouts.requestTimeout);
    expect(server.httpServer.requestTimeout).toBe(0);
    expect(server.httpServer.headersTimeout).toBe(66_000);
    expect(server.httpServer.keepAliveTimeout).toBe(65_000);
    expect(server.httpServer.timeout).toBe(0);
  });

  it('keeps the global Request/Response: instanceof works in user code', async () => {
    const seen: Record<string, boolean> = {};
    const server = await serveApp({
      fetch: async (req) => {
        if (req.url.endsWith('/plain')) return new Response('plain');
        seen.requestIsRequest = req instanceof Request;
        const own = new Response('made by the app');
        seen.ownIsResponse = own instanceof Response;
        seen.fetchedIsResponse =
          (await fetch(`${new URL(req.url).origin}/plain`)) instanceof Response;
        return own;
      },
    });
    await (await request(`${server.url}/check`)).body.text();
    expect(seen).toEqual({ requestIsRequest: true, ownIsResponse: true, fetchedIsResponse: true });
    expect(globalThis.Request).toBe(GlobalRequest);
    expect(globalThis.Response).toBe(GlobalResponse);
  });

  it('serves a Hono app with the node bindings in c.env', async () => {
    const app = new Hono<{ Bindings: HttpBindings }>();
    app.get('/hello/:name', (c) => c.json({ hello: c.req.param('name'), q: c.req.query('q') }));
    app.post('/echo', async (c) =>
      c.text(`${c.env.incoming.method} ${(await c.req.text()).length}`),
    );
    const server = await serveApp(app);
    const res = await request(`${server.url}/hello/node?q=1`);
    expect(await res.body.json()).toEqual({ hello: 'node', q: '1' });
    const upload = await curl([
      '-X',
      'POST',
      '--data-binary',
      'x'.repeat(100_000),
      `${server.url}/echo`,
    ]);
    expect(upload.stdout.toString()).toBe('POST 100000');
  });

  it('streams a request body to the app as it arrives', async () => {
    const server = await serveApp({
      fetch: async (req) => {
        let bytes = 0;
        let chunks = 0;
        for await (const chunk of req.body!) {
          bytes += chunk.byteLength;
          chunks++;
        }
        return Response.json({ bytes, chunks });
      },
    });
    async function* upload() {
      for (let i = 0; i < 64; i++) yield new Uint8Array(64 * 1024);
    }
    const res = await request(server.url, { method: 'PUT', body: Readable.from(upload()) });
    const { bytes, chunks } = (await res.body.json()) as { bytes: number; chunks: number };
    expect(bytes).toBe(64 * 64 * 1024);
    expect(chunks).toBeGreaterThan(1);
  });
});

describe('createListener on a server you own', () => {
  it('serves requests and shuts down what is in flight', async () => {
    const listener = createListener({ fetch: () => new Response('own server') });
    const server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    expect(await (await request(url)).body.text()).toBe('own server');
    server.close();
    expect(await listener.shutdown(1000)).toBe(0);
    expect(listener.inFlight).toBe(0);
    server.closeAllConnections();
  });
});
