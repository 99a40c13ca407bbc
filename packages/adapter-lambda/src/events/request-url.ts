// The URL the app sees. Apps route and decide on its scheme and authority, so neither is taken
// from the event unchecked: the scheme is http or https, the authority is host[:port] (a name,
// an IPv4 address or a bracketed IPv6 literal), and nothing in the path or query can end the
// authority early or add a fragment. Anything else is an InvalidEventError (a 400).
import { InvalidEventError } from '../errors.ts';

const AUTHORITY = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?$/;

/** `x-forwarded-proto` (set by the load balancer or API Gateway), https when absent. */
function schemeOf(headers: Headers): string {
  const proto = headers.get('x-forwarded-proto');
  if (proto === null) return 'https';
  const scheme = proto.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return scheme;
  throw new InvalidEventError('headers.x-forwarded-proto', 'must be http or https');
}

function checkAuthority(authority: string, field: string): string {
  const match = AUTHORITY.exec(authority);
  const port = match?.[1];
  if (!match || (port !== undefined && Number(port) > 65535)) {
    throw new InvalidEventError(field, 'must be host[:port]');
  }
  return authority;
}

/**
 * `domainName` is the event's own (`requestContext.domainName`, which AWS sets); without one
 * (ALB, a console test invoke) the Host header names the authority.
 */
export function buildUrl(
  headers: Headers,
  domainName: string | undefined,
  path: string,
  query: string,
): string {
  const scheme = schemeOf(headers);
  const host = headers.get('host');
  const authority =
    domainName !== undefined
      ? checkAuthority(domainName, 'requestContext.domainName')
      : host !== null
        ? checkAuthority(host, 'headers.host')
        : 'localhost';
  const safePath = path.startsWith('/') ? path : `/${path}`;
  const escapedPath = safePath.replace(/[?#]/g, encodeURIComponent);
  const escapedQuery = query.replace(/#/g, '%23');
  return `${scheme}://${authority}${escapedPath}${escapedQuery ? `?${escapedQuery}` : ''}`;
}
