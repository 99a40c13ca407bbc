// The web-standard half of a forwarding proxy: which targets it may reach, where a request goes,
// which request headers travel on, and how a refusal or failure looks. `proxy()` in
// `@sluice/core/node` and runtime-specific proxies (Workers `fetch`) share these.
import { withoutHopByHop } from './hop-by-hop.ts';

// Request headers that describe this hop rather than the upstream one (undici refuses both).
const NOT_FORWARDED = ['host', 'expect'];

/** True when `target`'s origin is one of the `allow`ed origins (`https://api.example.com`). */
export function isProxyTargetAllowed(target: URL, allow: readonly string[]): boolean {
  return allow.some((origin) => new URL(origin).origin === target.origin);
}

/**
 * The upstream URL for `incoming`: its path appended to `target`'s path, its query after
 * `target`'s own. The origin is always `target`'s, even for a `//other.host/...` path.
 */
export function proxyUpstreamUrl(target: URL, incoming: URL): URL {
  const url = new URL(target.href);
  // Assigning `pathname` never changes the origin.
  url.pathname = url.pathname.replace(/\/$/, '') + incoming.pathname;
  url.search = [target.search.slice(1), incoming.search.slice(1)].filter(Boolean).join('&');
  return url;
}

/** The request headers to send upstream: all but hop-by-hop ones, `Host` and `Expect`. */
export function proxyRequestHeaders(headers: HeadersInit): Headers {
  const out = withoutHopByHop(headers);
  for (const name of NOT_FORWARDED) out.delete(name);
  return out;
}
