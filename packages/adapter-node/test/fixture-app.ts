// One Hono app with the routes of the shared adapter suites we port (srvx's test/_fixture.ts,
// @hono/node-server's test/app.ts and server.test.ts): each route is one behaviour.
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { poweredBy } from 'hono/powered-by';
import type { HttpBindings, Server } from '../src/index.ts';
import { serveApp } from './helpers.ts';

export interface AbortRecord {
  request: string;
  reason: unknown;
}

export function fixtureApp() {
  const aborts: AbortRecord[] = [];
  const app = new Hono<{ Bindings: HttpBindings }>();
  const encode = (text: string) => new TextEncoder().encode(text);

  app.use('*', async (c, next) => {
    const { method } = c.req;
    const { pathname } = new URL(c.req.url);
    c.req.raw.signal.addEventListener('abort', () =>
      aborts.push({ request: `${method} ${pathname}`, reason: c.req.raw.signal.reason }),
    );
    await next();
  });
  app.use('/powered/*', poweredBy());
  app.use('/auth/*', basicAuth({ username: 'user', password: '炎' }));
  app.use('/compressed/*', compress());
  app.use('/limited/*', bodyLimit({ maxSize: 1000, onError: (c) => c.text('too big', 413) }));

  app.get('/', (c) => c.text('ok'));
  app.get('/url', (c) => c.text(c.req.url));
  app.get('/posts', (c) => c.text(`Page ${c.req.query('page')}`));
  app.post('/posts', (c) => c.redirect('/posts'));
  app.delete('/posts/:id', (c) => c.text(`DELETE ${c.req.param('id')}`));
  app.get('/powered/x', (c) => c.text('powered'));
  app.get('/auth/x', (c) => c.text('auth'));
  app.get('/compressed/big', (c) => c.text('one '.repeat(100_000)));
  app.post('/limited/echo', async (c) => c.text(`got ${(await c.req.text()).length}`));
  app.get('/error', () => {
    throw new Error('test error');
  });
  app.onError((error, c) =>
    error instanceof HTTPException ? error.getResponse() : c.text(`error: ${error.message}`, 500),
  );
  app.notFound((c) => c.text('Custom NotFound', 404));

  app.get('/req-instanceof', (c) => c.json({ request: c.req.raw instanceof Request }));
  app.get('/req-headers-instanceof', (c) =>
    c.json({ headers: c.req.raw.headers instanceof Headers }),
  );
  app.on(['DELETE', 'GET'], '/req-clone', (c) => describeRequest(c.req.raw.clone()));
  app.on(['DELETE', 'GET'], '/req-new-req', (c) => describeRequest(new Request(c.req.raw)));
  app.get('/headers', (c) => {
    const headers = new Headers();
    for (const [name, value] of c.req.raw.headers) headers.append(`x-req-${name}`, value);
    return Response.json(
      { ...Object.fromEntries(c.req.raw.headers), unset: c.req.header(`${Math.random()}`) ?? null },
      { headers },
    );
  });
  app.get('/headers/mutated', () => {
    const init: Record<string, string> = { 'x-test-header-1': '1' };
    const response = new Response('', { headers: init });
    response.headers.set('x-test-header-2', '2');
    init['x-ignored'] = 'true';
    return response;
  });
  app.post('/body/binary', (c) => new Response(c.req.raw.body));
  app.post('/body/text', async (c) => new Response(await c.req.text()));
  app.post('/body/json', async (c) => c.json(await c.req.json()));
  app.post('/body/form', async (c) => c.json(await c.req.parseBody()));
  app.post('/body/ignored', (c) => c.text('No body consumed'));
  app.post('/body/cancelled', async (c) => {
    await c.req.raw.body?.cancel();
    return c.text('Body cancelled');
  });
  app.post('/body/partial', async (c) => {
    const reader = c.req.raw.body!.getReader();
    await reader.read();
    return c.text('Partially consumed');
  });
  app.post('/body/cancel-reading', async (c) => {
    const reader = c.req.raw.body!.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return c.json({ aborted: c.req.raw.signal.aborted });
  });
  app.get('/ip', (c) => c.text(`ip: ${c.env.incoming.socket.remoteAddress}`));
  app.get('/env', (c) =>
    c.json({
      incoming: c.env.incoming.constructor.name,
      url: c.env.incoming.url,
      outgoing: c.env.outgoing.constructor.name,
    }),
  );
  app.get('/response/stream', () => {
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(encode(`chunk${i}\n`));
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/plain' } });
  });
  app.get('/response/node-readable', () => {
    const readable = Readable.from(['chunk0\n', 'chunk1\n', 'chunk2\n'].map(encode));
    return new Response(Readable.toWeb(readable) as ReadableStream);
  });
  app.get('/response/array-buffer', () => new Response(encode('hello!').buffer));
  app.get('/response/uint8array', () => new Response(encode('hello!')));
  app.get('/response/buffer', () => new Response(Buffer.from('Hello Hono!')));
  app.get('/response/blob', () => new Response(new Blob([new Uint8Array([1, 2, 3])])));
  app.get('/response/large', () => new Response('a'.repeat(10 * 1024 * 1024)));
  app.get('/response/stream-error', () => {
    const stream = new ReadableStream({
      async start(controller) {
        controller.enqueue(encode('chunk1\n'));
        controller.enqueue(encode('chunk2\n'));
        await new Promise((resolve) => setTimeout(resolve, 20));
        controller.error(new Error('test stream error'));
      },
    });
    return new Response(stream);
  });
  app.get('/response/clone', (c) => {
    const response = new Response('cloned');
    if (c.req.header('x-clone-with-headers')) response.headers.set('x-clone-with-headers', 'true');
    return response.clone();
  });
  app.get('/response/json-static', () =>
    Response.json({ hello: 'world' }, { status: 201, headers: { 'x-static': '1' } }),
  );
  app.get('/response/redirect-static', () => Response.redirect('http://example.com/next', 307));
  app.use('/response/child', async (c, next) => {
    await next();
    c.res = new Response('', c.res); // a middleware replacing the response, headers kept
    void c.res.headers;
  });
  app.get('/response/child', (c) => c.json({ child: true }));
  app.get(
    '/abort',
    (c) =>
      new Response(
        new ReadableStream({
          async pull(controller) {
            if (c.req.raw.signal.aborted) return controller.close();
            controller.enqueue(encode(`${Date.now()}\n`));
            await new Promise((resolve) => setTimeout(resolve, 20));
          },
        }),
      ),
  );
  app.on('TRACE', '/', (c) => c.text(`trace ${c.req.method}`));
  app.get('/pathname/*', (c) => c.text(new URL(c.req.url).pathname));

  return { app, aborts };
}

function describeRequest(request: Request): Response {
  return Response.json({
    method: request.method,
    pathname: new URL(request.url).pathname,
    headers: Object.fromEntries(request.headers),
  });
}

/** The fixture app on a fresh server (closed after the test, as every serveApp server). */
export async function serveFixture(): Promise<{ server: Server; aborts: AbortRecord[] }> {
  const { app, aborts } = fixtureApp();
  const server = await serveApp(app, { onError: () => {} });
  return { server, aborts };
}
