// Pieces every event source uses to build a `Request`: headers, query, the Request itself.
// The URL is request-url.ts's, the body request-body.ts's.
import { InvalidEventError } from '../errors.ts';
import { optionalListMap, optionalStringMap } from './event-fields.ts';
import { setBodyFraming } from './request-body.ts';

const NOT_LATIN1 = /[^\u0000-\u00ff]/;

/**
 * Header values must be ByteStrings. A value with characters above U+00FF (AWS decoded the
 * client's UTF-8) is passed on as its UTF-8 bytes, read as latin1, which is what `node:http`
 * hands an app for the same bytes; anything else is kept as it is.
 */
export function toByteString(value: string): string {
  return NOT_LATIN1.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

/** Appends a header, skipping values no HTTP client could have sent (CR, LF, NUL). */
export function appendHeader(headers: Headers, name: string, value: string): void {
  try {
    headers.append(name, toByteString(value));
  } catch {
    // An invalid name or value cannot come from a real client; dropping it beats a crash.
  }
}

/** Appends every value of a single-value header map; the map and its values must be strings. */
export function appendHeaders(headers: Headers, source: unknown, field: string): void {
  const map = optionalStringMap(source, field);
  for (const name in map) {
    const value = map[name];
    if (value != null) appendHeader(headers, name, value);
  }
}

/** Adds `Cookie` the way browsers send it: one header, pairs joined with `; `. */
export function setCookieHeader(headers: Headers, cookies: readonly string[] | undefined): void {
  if (cookies && cookies.length > 0) appendHeader(headers, 'cookie', cookies.join('; '));
}

/** Where `request.signal` comes from: read lazily, so an app that never looks costs nothing. */
export interface SignalSource {
  readonly signal: AbortSignal;
}

type LambdaRequestClass = new (url: string, init: RequestInit, signals: SignalSource) => Request;
let lambdaRequest: LambdaRequestClass | undefined;

/**
 * A real `Request` whose `signal` is the invocation's (stream closed, deadline). Subclassing
 * keeps every Request internal intact; copies (`clone()`, `new Request(req)`) do not follow it.
 * Defined on first use: reading the global `Request` makes Node load its fetch implementation,
 * ~35 ms that a cold start should not pay at import time.
 */
function lambdaRequestClass(): LambdaRequestClass {
  lambdaRequest ??= class LambdaRequest extends Request {
    readonly #signals: SignalSource;
    constructor(url: string, init: RequestInit, signals: SignalSource) {
      super(url, init);
      this.#signals = signals;
    }
    override get signal(): AbortSignal {
      return this.#signals.signal;
    }
  };
  return lambdaRequest;
}

/**
 * The Request the app gets. Content-Length and Transfer-Encoding describe `body` itself; a
 * request the platform refuses to build (a forbidden method such as CONNECT) is an
 * InvalidEventError like any other unreadable event.
 */
export function createRequest(
  url: string,
  method: string,
  headers: Headers,
  body: Uint8Array<ArrayBuffer> | undefined,
  signals: SignalSource,
): Request {
  setBodyFraming(headers, body);
  const LambdaRequest = lambdaRequestClass();
  try {
    return new LambdaRequest(url, { method, headers, body: body ?? null }, signals);
  } catch (error) {
    throw new InvalidEventError('event', 'cannot be read as a request', { cause: error });
  }
}

/** `a=1&a=2&b=3` from already-decoded multi-value parameters (API Gateway decodes them). */
export function encodeQuery(
  event: { multiValueQueryStringParameters?: unknown; queryStringParameters?: unknown },
  encode: (part: string) => string,
): string {
  const parts: string[] = [];
  const multi = optionalListMap(
    event.multiValueQueryStringParameters,
    'multiValueQueryStringParameters',
  );
  if (multi) {
    for (const key in multi) {
      for (const value of multi[key] ?? []) parts.push(`${encode(key)}=${encode(value)}`);
    }
    return parts.join('&');
  }
  const single = optionalStringMap(event.queryStringParameters, 'queryStringParameters');
  for (const key in single) {
    const value = single[key];
    if (value != null) parts.push(`${encode(key)}=${encode(value)}`);
  }
  return parts.join('&');
}
