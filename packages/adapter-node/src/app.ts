import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FetchApp, FetchHandler } from '@sluice/core';

/** What the app gets as its second argument (Hono: `c.env`), as `@hono/node-server` passes. */
export interface HttpBindings {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

/** A fetch handler, or an object with one (a Hono app, a Workers-style module). */
export type AppLike = FetchApp | FetchHandler;

export function toFetchHandler(app: AppLike): FetchHandler {
  if (typeof app === 'function') return app;
  if (app !== null && typeof app === 'object' && typeof app.fetch === 'function')
    return app.fetch.bind(app);
  throw new TypeError('Expected a fetch handler or an object with a fetch method (a Hono app)');
}
