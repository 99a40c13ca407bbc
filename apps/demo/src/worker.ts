// Cloudflare Workers entry (`wrangler dev`, `wrangler deploy`). Settings come from the
// environment bindings (wrangler.toml [vars], `--var`, secrets). Chats resume through this
// isolate's memory; REDIS_URL is not used here (no TCP Redis client on Workers).
import { createApp, type DemoApp } from './app.ts';
import { readConfig } from './config.ts';
import { workersPlatform } from './platform/workers.ts';

let app: DemoApp | undefined;

export default {
  fetch(
    request: Request,
    env: Record<string, unknown>,
    ctx: unknown,
  ): Response | Promise<Response> {
    app ??= createApp({
      config: { ...readConfig(env), redisUrl: undefined },
      platform: workersPlatform(),
    });
    return app.fetch(request, env, ctx as never);
  },
};
