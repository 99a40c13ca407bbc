import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { curl, serveApp } from '../test/helpers.ts';
import { createListener, type HttpBindings, serve, serverTimeouts } from './index.ts';

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

describe("@hono/node-server's calling convention", () => {
  it('serve({ fetch, port, hostname }, onListen) listens there and calls onListen with the address', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    let info: AddressInfo | undefined;
    const app = new Hono().get('/', (c) => c.text('hono style'));
    const server = await serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (address) => {
      info = address;
    });
    try {
      expect(info).toMatchObject({ address: '127.0.0.1', port });
      expect(server.url).toBe(`http://127.0.0.1:${port}`);
      expect(await (await request(`http://127.0.0.1:${port}/`)).body.text()).toBe('hono style');
    } finally {
      await server.close();
    }
  });

  it('serve(app) and serve(fetchFunction, options) are accepted too', async () => {
    const bare = await serveApp((request: Request) => new Response(`bare ${request.method}`));
    expect(await (await request(bare.url)).body.text()).toBe('bare GET');
    const hono = new Hono().get('/', (c) => c.text('instance'));
    const server = await serveApp(hono);
    expect(await (await request(server.url)).body.text()).toBe('instance');
  });

  it('an unknown option is a TypeError naming it, in either form', async () => {
    const fetch = () => new Response('');
    await expect(serve({ fetch, port: 0, prot: 3000 } as never)).rejects.toThrow(
      new TypeError("serve(): unknown option 'prot'"),
    );
    await expect(serve({ fetch }, { port: 0, host: '127.0.0.1' } as never)).rejects.toThrow(
      /unknown option 'host'/,
    );
    await expect(serve({ fetch, port: 0, websocket: {} } as never)).rejects.toThrow(
      /option 'websocket' is not supported/,
    );
    await expect(serve({ port: 0 } as never)).rejects.toThrow(TypeError);
  });
});
