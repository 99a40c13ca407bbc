import { Hono } from 'hono';
import { CHAT_SCRIPT } from '../client/chat-script.gen.ts';
import { CHAT_PAGE } from '../client/page.ts';
import type { AppEnv } from '../env.ts';

export function pageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.html(CHAT_PAGE));
  app.get('/chat.js', () => {
    return new Response(CHAT_SCRIPT, {
      headers: {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-cache',
      },
    });
  });
  return app;
}
