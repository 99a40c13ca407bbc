// The Hono app every adapter test runs: in-process, bundled under aws-lambda-ric, and directly
// through app.fetch to compare bytes.
import { sse } from '@sluice/core';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { BIG_CHUNK, bigChunk, gzipBytes, pngBytes } from './payloads.ts';

const encoder = new TextEncoder();
const png = pngBytes();
const gzip = gzipBytes();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Set-Cookie values /cookies answers with, in order. */
export const TEST_COOKIES = [
  'a=1; Path=/; HttpOnly',
  'b=2; Expires=Tue, 01 Jan 2030 00:00:00 GMT',
  'c=3; Path=/; Secure; SameSite=Lax',
];

export function createTestApp(): Hono {
  const app = new Hono();

  app.onError((error, c) => c.json({ error: { code: 'APP_ERROR', message: error.message } }, 500));

  app.get('/text', (c) => c.text('hello from sluice'));
  app.get('/json', (c) => c.json({ ok: true, n: 42, s: 'ünïcødé ✓' }));
  app.get('/redirect', (c) => c.redirect('/text', 302));
  app.get('/empty', (c) => c.body(null, 204));
  app.get('/cookies', (c) => {
    setCookie(c, 'a', '1', { path: '/', httpOnly: true });
    // A comma inside Expires: cookies must never be joined into one header.
    c.header('set-cookie', 'b=2; Expires=Tue, 01 Jan 2030 00:00:00 GMT', { append: true });
    setCookie(c, 'c', '3', { sameSite: 'Lax', secure: true });
    return c.text('three cookies');
  });
  app.get('/png', (c) => c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' }));
  app.get('/gzip', (c) =>
    c.body(new Uint8Array(gzip), 200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-encoding': 'gzip',
    }),
  );
  app.get('/env', (c) => {
    const env = c.env as {
      event?: { rawPath?: string; path?: string };
      context?: { awsRequestId?: string };
    };
    return c.json({
      path: env.event?.rawPath ?? env.event?.path,
      requestId: env.context?.awsRequestId,
    });
  });

  // `mb` MiB in 64 KiB chunks, produced only when pulled. With --expose-gc it logs the peak of
  // live ArrayBuffer memory after a GC every 100 chunks: what the process really holds on to.
  app.get('/big', (c) => {
    const chunks = Math.round(Number(c.req.query('mb') ?? '1') * 1024 * 1024) / BIG_CHUNK;
    const gc = (globalThis as { gc?: () => void }).gc;
    let index = 0;
    let livePeak = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (index >= chunks) {
            console.log(`big-stream-done ${JSON.stringify({ chunks, livePeak })}`);
            controller.close();
            return;
          }
          if (gc && index % 100 === 50) {
            gc();
            livePeak = Math.max(livePeak, process.memoryUsage().arrayBuffers);
          }
          controller.enqueue(bigChunk(index++));
        },
      },
      { highWaterMark: 0 },
    );
    return c.body(body, 200, { 'content-type': 'application/octet-stream' });
  });

  // sluice SSE (checksum-terminated): `n` events then `end`; or, with `forever`, events until
  // request.signal aborts, after which sse() sends `end` with status "aborted".
  app.get('/sse', (c) => {
    const n = Number(c.req.query('n') ?? '5');
    const forever = c.req.query('forever') !== undefined;
    return sse(
      async (send, signal) => {
        let sent = 0;
        while ((forever || sent < n) && !signal.aborted) {
          sent++;
          await send({ data: { n: sent, text: `token ${sent} ✓` } });
          await sleep(forever ? 50 : 2);
        }
        const reason = (signal.reason as { code?: string } | undefined)?.code;
        console.log(`sse-done ${JSON.stringify({ sent, aborted: signal.aborted, reason })}`);
      },
      { request: c.req.raw, retryMs: 2000, heartbeatMs: 0 },
    );
  });

  app.get('/throw', () => {
    throw new Error('thrown before the response');
  });

  app.get('/throw-mid', (c) => {
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('part 1\n'));
        await sleep(20);
        controller.enqueue(encoder.encode('part 2\n'));
        await sleep(20);
        controller.error(new Error('body failed mid-stream'));
      },
    });
    return c.body(body, 200, { 'content-type': 'text/plain' });
  });

  // `n` chunks `ms` apart, then a log line: shows the invocation ran to its end.
  app.get('/slow', (c) => {
    const n = Number(c.req.query('n') ?? '10');
    const ms = Number(c.req.query('ms') ?? '50');
    const id = c.req.query('id') ?? 'slow';
    const signal = c.req.raw.signal;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (let i = 0; i < n; i++) {
          controller.enqueue(encoder.encode(`tick ${i}\n`));
          await sleep(ms);
        }
        console.log(`slow-done ${JSON.stringify({ id, n, aborted: signal.aborted })}`);
        controller.close();
      },
    });
    return c.body(body, 200, { 'content-type': 'text/plain' });
  });

  // Answers at once and leaves a task to waitUntil: it knocks on the test's gate (`gate` URL)
  // at `key`, waits there until the test opens it, then knocks at `key:done` and ends.
  app.get('/wait-until', (c) => {
    const knock = (key: string) =>
      fetch(`${c.req.query('gate')}/wait?key=${encodeURIComponent(key)}`).then((r) => r.text());
    const key = c.req.query('key') ?? 'task';
    c.executionCtx.waitUntil(knock(key).then(() => knock(`${key}:done`)));
    return c.text('answered');
  });
  app.get('/wait-until-reject', (c) => {
    c.executionCtx.waitUntil(Promise.reject(new Error('background task failed on purpose')));
    return c.text('answered');
  });

  app.all('/echo', async (c) => {
    const url = new URL(c.req.url);
    const headers = [...c.req.raw.headers].filter(
      ([name]) => name.startsWith('x-test-') || name === 'cookie' || name === 'content-type',
    );
    const body = Buffer.from(await c.req.arrayBuffer());
    return c.json({
      method: c.req.method,
      path: url.pathname,
      search: url.search,
      query: [...url.searchParams],
      headers,
      body: body.toString('base64'),
    });
  });

  return app;
}
