// GET /api/proxy/*: gzip passthrough to one allow-listed upstream (PROXY_TARGET, by default this
// deployment's own /fixtures/*). The body is forwarded as the upstream sent it: still gzip,
// byte for byte, streamed.
import { jsonErrorResponse } from '@sluice/core';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { Platform } from '../platform/types.ts';

export const PROXY_PREFIX = '/api/proxy';

export function proxyRoutes(platform: Platform, proxyTarget: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(`${PROXY_PREFIX}/*`, async (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice(PROXY_PREFIX.length);
    const target = new URL(proxyTarget ?? platform.selfOrigin(c));
    // Reaching ourselves again through the proxy would loop.
    if (proxyTarget === undefined && !path.startsWith('/fixtures/')) {
      return jsonErrorResponse(
        400,
        'PROXY_PATH_NOT_ALLOWED',
        'Without PROXY_TARGET only /fixtures/* is proxied',
      );
    }
    url.pathname = path;
    const headers = new Headers(c.req.raw.headers);
    // The visitor's credentials for this site are not the upstream's business.
    for (const name of ['cookie', 'authorization']) headers.delete(name);
    const forwarded = new Request(url, { method: 'GET', headers, signal: c.req.raw.signal });
    return platform.proxy(forwarded, target, [target.origin]);
  });
  return app;
}
