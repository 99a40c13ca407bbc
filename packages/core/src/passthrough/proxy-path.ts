// A proxy appends the visitor's path to its base path. The URL parser already resolved literal
// and `%2e%2e` dot segments; what remains encoded (`..%2f`, `%252e%252e%252f`, `..%5c`) is
// decoded by many upstreams, which would then resolve it above the base. Such a path is refused.

/** A request path that would leave the proxy's base path once an upstream decodes it. */
export class ProxyPathError extends Error {
  readonly code = 'PROXY_PATH_NOT_ALLOWED';
  override readonly name = 'ProxyPathError';
  constructor() {
    super('The path climbs out of the proxied base path once decoded');
  }
}

const ESCAPE = /%([0-9a-f]{2})/gi;
/** Upstreams that decode twice exist; a third round is beyond any decoder worth meeting. */
const DECODE_ROUNDS = 3;
/** `..`, and `..;x` (path parameters, which servlet containers strip before resolving). */
const PARENT_SEGMENT = /^\.\.(;.*)?$/;

/**
 * True when `pathname`, percent-decoded (up to three times, treating `\` as `/` too, as some
 * servers do), has a `..` segment.
 */
export function climbsOutOfBase(pathname: string): boolean {
  let decoded = pathname;
  for (let round = 0; ; round++) {
    if (decoded.split(/[/\\]/).some((segment) => PARENT_SEGMENT.test(segment))) return true;
    if (round === DECODE_ROUNDS) return false;
    const next = decoded.replace(ESCAPE, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    if (next === decoded) return false;
    decoded = next;
  }
}
