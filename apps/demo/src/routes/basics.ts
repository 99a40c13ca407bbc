// Small routes with one behaviour each: what the conformance suite compares across runtimes,
// and the GET SSE route a browser EventSource reads.
import { sse } from '@sluice/core';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { intParam } from '../http-errors.ts';

export function basicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.get('/api/hello', (c) => c.text('hello from sluice: one app, streamed everywhere\n'));

  // What arrived: method, path, repeated query keys, a header, cookies.
  app.get('/api/echo', (c) => {
    const url = new URL(c.req.url);
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) {
      query[key] = [...(query[key] ?? []), value];
    }
    return c.json({
      method: c.req.method,
      path: url.pathname,
      query,
      demoHeader: c.req.header('x-demo') ?? null,
      cookie: c.req.header('cookie') ?? null,
    });
  });

  app.get('/api/cookies', () => {
    const headers = new Headers({ 'content-type': 'application/json' });
    headers.append('set-cookie', 'session=abc123; Path=/; HttpOnly; SameSite=Lax');
    headers.append('set-cookie', 'theme=dark; Path=/; Max-Age=3600');
    return new Response(JSON.stringify({ set: ['session', 'theme'] }), { headers });
  });

  app.get('/api/redirect', (c) => c.redirect('/api/hello', 302));

  app.get('/api/empty', () => new Response(null, { status: 204 }));

  // Every byte value, repeated: a body that is not UTF-8.
  app.get('/api/bytes', (c) => {
    const size = intParam(new URL(c.req.url), 'n', {
      min: 0,
      max: 16 * 1024 * 1024,
      fallback: 1024,
    });
    const body = new Uint8Array(size);
    for (let i = 0; i < size; i++) body[i] = i % 256;
    return new Response(body, { headers: { 'content-type': 'application/octet-stream' } });
  });

  // GET SSE: n ticks, intervalMs apart, then the verified `end` (an EventSource works too).
  app.get('/api/ticks', (c) => {
    const url = new URL(c.req.url);
    const count = intParam(url, 'n', { min: 0, max: 1000, fallback: 5 });
    const intervalMs = intParam(url, 'intervalMs', { min: 0, max: 5000, fallback: 100 });
    // A short retry: after `end`, an EventSource reconnects at once, gets 204 and stops.
    return sse(ticks(count, intervalMs), { request: c.req.raw, retryMs: 500 });
  });

  return app;
}

async function* ticks(count: number, intervalMs: number) {
  for (let i = 1; i <= count; i++) {
    if (i > 1 && intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    yield { data: { tick: i, of: count } };
  }
}
