// Headers that describe one connection (RFC 9110 §7.6.1), which undici's fetch refuses to send
// ("invalid transfer-encoding header"). The app sees them on `request.headers` as the client
// sent them; a native copy of the request (what `fetch(request)` sends, a `clone()`) leaves
// them out, as any proxy must.
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect'];

/** `[name, value]` pairs of Node's raw headers, hop-by-hop ones left out. */
export function forwardablePairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (HOP_BY_HOP.includes(name.toLowerCase())) continue;
    pairs.push([name, raw[i + 1]!]);
  }
  return pairs;
}

export function withoutHopByHop(headers: Headers): Headers {
  if (!HOP_BY_HOP.some((name) => headers.has(name))) return headers;
  const copy = new Headers(headers);
  for (const name of HOP_BY_HOP) copy.delete(name);
  return copy;
}
