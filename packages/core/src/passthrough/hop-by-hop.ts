// Hop-by-hop headers describe one connection, not the message (RFC 9110 §7.6.1): a proxy must
// not forward them, or the next hop frames the body wrongly (e.g. `Transfer-Encoding: chunked`
// together with a `Content-Length`, which gateways answer with a 502).
import type { HeadersInput } from '../http/fetch-types.ts';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/** True for a header that belongs to one connection: the fixed list above and any `Proxy-*`. */
export function isHopByHopHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return HOP_BY_HOP.has(lower) || lower.startsWith('proxy-');
}

/**
 * A copy of `headers` without hop-by-hop headers: `Connection`, `Keep-Alive`,
 * `Transfer-Encoding`, `TE`, `Trailer`, `Upgrade`, every `Proxy-*` and every header that
 * `Connection` names. `Set-Cookie` lines stay separate.
 */
export function withoutHopByHop(headers: HeadersInput): Headers {
  const source = headers instanceof Headers ? headers : new Headers(headers);
  const named = new Set(
    (source.get('connection') ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter((token) => token !== ''),
  );
  const out = new Headers();
  for (const [name, value] of source) {
    if (!isHopByHopHeader(name) && !named.has(name)) out.append(name, value);
  }
  return out;
}
