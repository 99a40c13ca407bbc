import type { IncomingMessage } from 'node:http';

/** What the event builders need to know about one client request. */
export interface RequestInfo {
  method: string;
  rawPath: string;
  /** After `?`, without it; '' when absent. */
  rawQueryString: string;
  /** Header names as the client sent them, in order, with every value (Host: our own). */
  headers: Array<[name: string, value: string]>;
  body: Buffer;
  sourceIp: string;
  /** This server's own `host:port`, never the client's Host header. */
  domainName: string;
  requestId: string;
  time: Date;
}

/**
 * `hostname` is the one the front door listens on. Undefined when the request target is not a
 * path (`OPTIONS *`, `CONNECT host:port`): a Function URL has nothing to call for it.
 */
export function requestInfo(
  req: IncomingMessage,
  body: Buffer,
  requestId: string,
  hostname: string,
): RequestInfo | undefined {
  const target = requestTarget(req.url);
  if (target === undefined) return undefined;
  const sourceIp = withoutV4Prefix(req.socket.remoteAddress ?? '127.0.0.1');
  const domainName = ownAuthority(req, hostname);
  return {
    method: req.method ?? 'GET',
    ...target,
    headers: withForwardedHeaders(req, sourceIp, domainName),
    body,
    sourceIp,
    domainName,
    requestId,
    time: new Date(),
  };
}

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * Path (still percent-encoded) and query of a request target, as every front door sees them;
 * undefined when the target is not a path (`OPTIONS *`, `CONNECT host:port`).
 */
export function requestTarget(
  url: string | undefined,
): { rawPath: string; rawQueryString: string } | undefined {
  const target = originForm(url ?? '/');
  if (target === undefined) return undefined;
  const at = target.indexOf('?');
  return {
    rawPath: at >= 0 ? target.slice(0, at) : target,
    rawQueryString: at >= 0 ? target.slice(at + 1) : '',
  };
}

/**
 * The path and query of a request target. A Function URL's path always starts with `/`: an
 * absolute-form target (`GET http://example.com/hello`, what a client talking to a proxy
 * sends) keeps only its path and query; its authority, like the Host header, is the client's.
 */
function originForm(target: string): string | undefined {
  if (target.startsWith('/')) return target;
  const authority = ABSOLUTE_FORM.exec(target);
  if (!authority) return undefined;
  const rest = target.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

/**
 * This server as the client reached it, as a Function URL's domainName is always its own:
 * the hostname it listens on, or for a wildcard listener the local address of this connection,
 * with the port. A client's Host header could name any server (another local port included),
 * and apps build URLs, proxy targets and allow lists from the event's domain.
 */
function ownAuthority(req: IncomingMessage, hostname: string): string {
  const host = WILDCARDS.has(hostname)
    ? withoutV4Prefix(req.socket.localAddress ?? '127.0.0.1')
    : hostname;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${bracketed}:${req.socket.localPort ?? ''}`;
}

function withoutV4Prefix(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.)/, '');
}

const FORWARDED = new Set(['x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-for']);

/**
 * The client's headers plus the X-Forwarded-* that AWS's front end sets (it overwrites what a
 * client sent): proto and port of this server, so an app builds its own URLs correctly here as
 * it does behind a Function URL (where proto is https), and the caller's address appended.
 * Host names this server, as it always does behind a Function URL (AWS routes by it).
 */
function withForwardedHeaders(
  req: IncomingMessage,
  sourceIp: string,
  domainName: string,
): RequestInfo['headers'] {
  const headers: RequestInfo['headers'] = [];
  let forwardedFor: string | undefined;
  let hostName: string | undefined;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (lower === 'x-forwarded-for') forwardedFor = req.rawHeaders[i + 1];
    if (lower === 'host') {
      if (hostName === undefined) headers.push([name, domainName]);
      hostName = name;
    } else if (!FORWARDED.has(lower)) headers.push([name, req.rawHeaders[i + 1]!]);
  }
  if (hostName === undefined) headers.unshift(['Host', domainName]);
  headers.push(['x-forwarded-for', forwardedFor ? `${forwardedFor}, ${sourceIp}` : sourceIp]);
  headers.push(['x-forwarded-port', String(req.socket.localPort ?? '')]);
  headers.push(['x-forwarded-proto', 'http']);
  return headers;
}

/** `key -> values` of the query string, decoded, in order. */
export function queryValues(raw: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  if (raw === '') return values;
  for (const [key, value] of new URLSearchParams(raw)) {
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return values;
}

const TEXT_TYPES =
  /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml))/i;

/**
 * Text bodies travel as strings; anything else (or untyped) as base64, as AWS does. This is the
 * front door's request-side rule, kept apart on purpose from the adapter's `defaultIsBinary`
 * (buffered/encode-body.ts): that one is our own choice for responses and also checks that the
 * bytes are UTF-8; AWS decides request encoding by the declared type alone.
 */
export function encodeBody(
  body: Buffer,
  contentType: string | undefined,
): { body: string; isBase64Encoded: boolean } {
  if (contentType && TEXT_TYPES.test(contentType.trim())) {
    return { body: body.toString('utf8'), isBase64Encoded: false };
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

/** `12/Mar/2020:19:03:58 +0000`, the format of requestContext.time. */
export function clfTime(date: Date): string {
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

export function headerValue(info: RequestInfo, name: string): string | undefined {
  const lower = name.toLowerCase();
  const found = info.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  return found.length === 0 ? undefined : found.join(',');
}
