import type { IncomingMessage } from 'node:http';

/** What the event builders need to know about one client request. */
export interface RequestInfo {
  method: string;
  rawPath: string;
  /** After `?`, without it; '' when absent. */
  rawQueryString: string;
  /** Header names as the client sent them, in order, with every value. */
  headers: Array<[name: string, value: string]>;
  body: Buffer;
  sourceIp: string;
  requestId: string;
  time: Date;
}

export function requestInfo(req: IncomingMessage, body: Buffer, requestId: string): RequestInfo {
  const url = req.url ?? '/';
  const at = url.indexOf('?');
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return {
    method: req.method ?? 'GET',
    rawPath: at >= 0 ? url.slice(0, at) : url,
    rawQueryString: at >= 0 ? url.slice(at + 1) : '',
    headers: withForwardedHeaders(req, sourceIp),
    body,
    sourceIp,
    requestId,
    time: new Date(),
  };
}

const FORWARDED = new Set(['x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-for']);

/**
 * The client's headers plus the X-Forwarded-* that AWS's front end sets (it overwrites what a
 * client sent): proto and port of this server, so an app builds its own URLs correctly here as
 * it does behind a Function URL (where proto is https), and the caller's address appended.
 */
function withForwardedHeaders(req: IncomingMessage, sourceIp: string): RequestInfo['headers'] {
  const headers: RequestInfo['headers'] = [];
  let forwardedFor: string | undefined;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (lower === 'x-forwarded-for') forwardedFor = req.rawHeaders[i + 1];
    if (!FORWARDED.has(lower)) headers.push([name, req.rawHeaders[i + 1]!]);
  }
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
