import { jsonErrorResponse } from '../http/json-error.ts';
import { passthrough } from '../passthrough/passthrough.ts';
import { ProxyPathError } from '../passthrough/proxy-path.ts';
import {
  isProxyTargetAllowed,
  proxyRequestHeaders,
  proxyUpstreamUrl,
} from '../passthrough/proxy-target.ts';
import {
  TargetNotAllowedError,
  type UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './errors.ts';
import { type FetchRawInit, fetchRaw } from './fetch-raw.ts';

export interface ProxyOptions {
  /** Base URL: the incoming path is appended to its path, the incoming query to its query. */
  target: string | URL;
  /** Origins the proxy may reach (`https://api.example.com`); any other target gets a 403. */
  allow: readonly string[];
  /** Connect + response headers budget in ms; past it the client gets a 504. Default 60 000. */
  headersTimeout?: number;
  /** Max idle time between upstream body chunks in ms; 0 disables. Default 300 000. */
  bodyTimeout?: number;
  /** The outgoing transport chunks the body: drop `Content-Length` (see `passthrough`). */
  chunked?: boolean;
  /**
   * Request headers withheld by default to pass on anyway: `cookie`, `authorization`,
   * `forwarded`, `x-forwarded-for`... (the visitor's credentials for this origin, and claims
   * about its route, are not the upstream's to see unless named here).
   */
  forwardHeaders?: readonly string[];
  dispatcher?: FetchRawInit['dispatcher'];
}

function errorResponse(
  status: number,
  error: UpstreamError | ProxyPathError,
  message: string,
): Response {
  return jsonErrorResponse(status, error.code, message);
}

/**
 * Forwards `request` to `target` (method, path, query, streamed body, headers minus hop-by-hop
 * and the visitor's credentials) and returns the upstream response byte for byte via
 * `passthrough`. A path that climbs out of the base once decoded -> 400, a target outside
 * `allow` -> 403, upstream unreachable -> 502, upstream too slow to answer -> 504 (JSON bodies with a
 * stable `error.code`). Aborting `request.signal` (the client left) cancels the upstream.
 */
export async function proxy(request: Request, options: ProxyOptions): Promise<Response> {
  const target = new URL(options.target);
  if (!isProxyTargetAllowed(target, options.allow)) {
    const error = new TargetNotAllowedError(target.origin);
    return errorResponse(403, error, 'This proxy may not reach the requested origin');
  }
  let url: URL;
  try {
    url = proxyUpstreamUrl(target, new URL(request.url));
  } catch (error) {
    if (!(error instanceof ProxyPathError)) throw error;
    return errorResponse(400, error, 'The path may not leave the proxied base path');
  }
  const headers = proxyRequestHeaders(request.headers, { forward: options.forwardHeaders });
  let upstream: Response;
  try {
    upstream = await fetchRaw(url, {
      method: request.method,
      headers,
      body: request.body,
      signal: request.signal,
      headersTimeout: options.headersTimeout ?? 60_000,
      bodyTimeout: options.bodyTimeout ?? 300_000,
      dispatcher: options.dispatcher,
    });
  } catch (error) {
    if (error instanceof UpstreamTimeoutError) {
      return errorResponse(504, error, 'The upstream server did not answer in time');
    }
    if (error instanceof UpstreamUnreachableError) {
      return errorResponse(502, error, 'The upstream server could not be reached');
    }
    throw error;
  }
  return passthrough(upstream, { chunked: options.chunked ?? false });
}
