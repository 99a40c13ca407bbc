// The Workers platform: the runtime's own fetch. No node: modules, so no undici and no proxy()
// from @sluice/core/node: the passthrough is `passthrough(await fetch(...))`, asking workerd for
// the body as it came off the wire (encodeResponseBody: 'manual') so gzip stays gzip.
import { passthrough, withoutHopByHop } from '@sluice/core';
import type { Context } from 'hono';
import { jsonError } from '../http-errors.ts';
import type { UpstreamFetch } from '../llm/openai-upstream.ts';
import type { Platform } from './types.ts';

/** workerd's extension of RequestInit: keep the upstream's Content-Encoding bytes as they are. */
type WorkerdRequestInit = RequestInit & { encodeResponseBody?: 'manual' | 'automatic' };

export function workersPlatform(): Platform {
  return {
    name: 'workers',
    fetch: ((url, init) => fetch(url, init)) satisfies UpstreamFetch,
    async proxy(request, target, allow) {
      if (!allow.some((origin) => new URL(origin).origin === target.origin)) {
        return jsonError(403, 'PROXY_TARGET_NOT_ALLOWED', 'This proxy may not reach that origin');
      }
      const incoming = new URL(request.url);
      const url = new URL(target.href);
      url.pathname = url.pathname.replace(/\/$/, '') + incoming.pathname;
      url.search = incoming.search;
      const headers = withoutHopByHop(request.headers);
      headers.delete('host');
      const requestInit: WorkerdRequestInit = {
        method: request.method,
        headers,
        signal: request.signal,
        redirect: 'manual',
        encodeResponseBody: 'manual',
      };
      let upstream: Response;
      try {
        upstream = await fetch(url, requestInit);
      } catch {
        return jsonError(502, 'UPSTREAM_UNREACHABLE', 'The upstream server could not be reached');
      }
      // passthrough() keeps the bytes and tells workerd not to encode them again.
      return passthrough(upstream);
    },
    selfOrigin: (c: Context) => new URL(c.req.url).origin,
    waitUntil: (c, work) => c.executionCtx.waitUntil(work()),
  };
}
