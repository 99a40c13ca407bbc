// The SSE scenario's events through Hono's `streamSSE` (the comparison on the same load).
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { EVENTS_PER_SECOND } from './apps.ts';
import { countParam, paced } from './paced.ts';

export const honoSseApp = new Hono().get('/', (c) =>
  streamSSE(c, (stream) =>
    paced(countParam(c.req.url, 1000), EVENTS_PER_SECOND, (data) => stream.writeSSE({ data })),
  ),
);
