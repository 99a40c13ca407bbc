// A Hono app that forwards /files/* to an upstream with `proxy()` from `@sluice/core/node`
// (undici, body never decoded): run under aws-lambda-ric and straight through app.fetch.
import { proxy } from '@sluice/core/node';
import { Hono } from 'hono';

/** `upstream` is read per request (under the runtime it comes from the environment). */
export function createProxyApp(upstream: () => string): Hono {
  const app = new Hono();
  app.get('/files/*', (c) => {
    const target = upstream();
    return proxy(c.req.raw, { target, allow: [new URL(target).origin] });
  });
  return app;
}
