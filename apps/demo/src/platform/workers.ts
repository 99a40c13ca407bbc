// The Workers platform: the runtime's own fetch. No node: modules, so no undici and no proxy()
// from @sluice/core/node: the allow check, upstream URL, header filter and error bodies are
// core's web-standard proxy helpers, the passthrough is `passthrough(await fetch(...))`, asking
// workerd for the body as it came off the wire (encodeResponseBody: 'manual') so gzip stays gzip.
import {
  isProxyTargetAllowed,
  jsonErrorResponse,
  ProxyPathError,
  passthrough,
  proxyRequestHeaders,
  proxyUpstreamUrl,
} from '@sluice/core';
import type { UpstreamFetch } from '../llm/openai-upstream.ts';
import type { Platform } from './types.ts';

/** workerd's extension of RequestInit: keep the upstream's Content-Encoding bytes as they are. */
type WorkerdRequestInit = RequestInit & { encodeResponseBody?: 'manual' | 'automatic' };

/** Budget for the upstream's response headers, as core proxy()'s `headersTimeout` default. */
const HEADERS_TIMEOUT_MS = 60_000;

async function workersProxy(
  request: Request,
  target: URL,
  allow: readonly string[],
): Promise<Response> {
  if (!isProxyTargetAllowed(target, allow)) {
    const message = 'This proxy may not reach the requested origin';
    return jsonErrorResponse(403, 'PROXY_TARGET_NOT_ALLOWED', message);
  }
  let upstreamUrl: URL;
  try {
    upstreamUrl = proxyUpstreamUrl(target, new URL(request.url));
  } catch (error) {
    if (!(error instanceof ProxyPathError)) throw error;
    return jsonErrorResponse(400, error.code, 'The path may not leave the proxied base path');
  }
  // Only until the headers arrive: the body may stream for as long as it takes.
  const headersTimeout = new AbortController();
  const timer = setTimeout(() => headersTimeout.abort(), HEADERS_TIMEOUT_MS);
  const requestInit: WorkerdRequestInit = {
    method: request.method,
    headers: proxyRequestHeaders(request.headers),
    signal: AbortSignal.any([request.signal, headersTimeout.signal]),
    redirect: 'manual',
    encodeResponseBody: 'manual',
  };
  let upstream: Response;
  try {
    upstream = await fetch(upstreamUrl, requestInit);
  } catch {
    if (headersTimeout.signal.aborted) {
      const message = 'The upstream server did not answer in time';
      return jsonErrorResponse(504, 'UPSTREAM_TIMEOUT', message);
    }
    const message = 'The upstream server could not be reached';
    return jsonErrorResponse(502, 'UPSTREAM_UNREACHABLE', message);
  } finally {
    clearTimeout(timer);
  }
  // passthrough() keeps the bytes and tells workerd not to encode them again.
  return passthrough(upstream);
}

export function workersPlatform(): Platform {
  return {
    name: 'workers',
    fetch: ((url, init) => fetch(url, init)) satisfies UpstreamFetch,
    proxy: workersProxy,
  };
}
