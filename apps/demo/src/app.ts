import { Hono } from 'hono';

/** The demo app: one Hono app, served unchanged on Node, Lambda and Workers. */
export function createApp() {
  const app = new Hono();
  app.get('/', (c) => c.text('sluice demo: one app, streamed on Node, Lambda and Workers.\n'));
  app.get('/healthz', (c) => c.json({ ok: true }));
  return app;
}
