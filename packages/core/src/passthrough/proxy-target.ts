// The web-standard half of a forwarding proxy: which targets it may reach, where a request goes,
// which request headers travel on, and how a refusal or failure looks. `proxy()` in
// `@sluice/core/node` and runtime-specific proxies (Workers `fetch`) share these.

import type { HeadersInput } from '../http/fetch-types.ts';
import { withoutHopByHop } from './hop-by-hop.ts';
import { climbsOutOfBase, ProxyPathError } from './proxy-path.ts';

// Request headers that describe this hop rather than the upstream one (undici refuses both).
const NOT_FORWARDED = ['host', 'expect'];
// The visitor's credentials for our origin, and what it claims about the path it came by:
// neither is the upstream's to see unless the app says so (`forward`).
const WITHHELD = ['cookie', 'authorization', 'forwarded'];
const WITHHELD_PREFIX = 'x-forwarded-';

export interface ProxyRequestHeadersOptions {
  /** Withheld headers (`cookie`, `authorization`, `forwarded`, `x-forwarded-*`) to pass on. */
  forward?: readonly string[] | undefined;
}

/** True when `target`'s origin is one of the `allow`ed origins (`https://api.example.com`). */
export function isProxyTargetAllowed(target: URL, allow: readonly string[]): boolean {
  return allow.some((origin) => new URL(origin).origin === target.origin);
}

/**
 * The upstream URL for `incoming`: its path appended to `target`'s path, its query after
 * `target`'s own. The origin is always `target`'s, even for a `//other.host/...` path.
 * Throws ProxyPathError when the path has a `..` segment once percent-decoded (`..%2f`).
 */
export function proxyUpstreamUrl(target: URL, incoming: URL): URL {
  if (climbsOutOfBase(incoming.pathname)) throw new ProxyPathError();
  const url = new URL(target.href);
  // Assigning `pathname` never changes the origin.
  url.pathname = url.pathname.replace(/\/$/, '') + incoming.pathname;
  url.search = [target.search.slice(1), incoming.search.slice(1)].filter(Boolean).join('&');
  return url;
}

/**
 * The request headers to send upstream: all but hop-by-hop ones, `Host`, `Expect`, and (unless
 * named in `forward`) `Cookie`, `Authorization`, `Forwarded` and `X-Forwarded-*`.
 */
export function proxyRequestHeaders(
  headers: HeadersInput,
  options: ProxyRequestHeadersOptions = {},
): Headers {
  const forward = new Set(options.forward?.map((name) => name.toLowerCase()));
  const out = withoutHopByHop(headers);
  for (const name of NOT_FORWARDED) out.delete(name);
  for (const name of [...out.keys()]) {
    const withheld = WITHHELD.includes(name) || name.startsWith(WITHHELD_PREFIX);
    if (withheld && !forward.has(name)) out.delete(name);
  }
  return out;
}
