// GET /api/proxy/*: gzip passthrough, the body forwarded as the upstream sent it: still gzip,
// byte for byte, streamed. The upstream comes from configuration only (PROXY_TARGET, its origin
// the allow list). Without it, the upstream is this deployment's own /fixtures/*, answered in
// process: never a URL built from the request (its Host, or a Lambda event's domain), which a
// client could point at any server this one can reach.
import { jsonErrorResponse, passthrough } from '@sluice/core';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { Platform } from '../platform/types.ts';
import { fileRoutes } from './files.ts';

export const PROXY_PREFIX = '/api/proxy';
/** Only ever the base of in-process requests: no network request is made to it. */
const IN_PROCESS_ORIGIN = 'http://in-process.invalid';

export function proxyRoutes(platform: Platform, proxyTarget: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const ownFiles = fileRoutes();
  app.get(`${PROXY_PREFIX}/*`, async (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice(PROXY_PREFIX.length);
    const headers = new Headers(c.req.raw.headers);
    // The visitor's credentials for this site are not the upstream's business.
    for (const name of ['cookie', 'authorization']) headers.delete(name);
    if (proxyTarget === undefined) {
      // Reaching ourselves again through the proxy would loop.
      if (!path.startsWith('/fixtures/')) {
        const message = 'Without PROXY_TARGET only /fixtures/* is proxied';
        return jsonErrorResponse(400, 'PROXY_PATH_NOT_ALLOWED', message);
      }
      const own = new URL(`${path}${url.search}`, IN_PROCESS_ORIGIN);
      const request = new Request(own, { headers, signal: c.req.raw.signal });
      return passthrough(await ownFiles.fetch(request));
    }
    const target = new URL(proxyTarget);
    url.pathname = path;
    const forwarded = new Request(url, { method: 'GET', headers, signal: c.req.raw.signal });
    return platform.proxy(forwarded, target, [target.origin]);
  });
  return app;
}
