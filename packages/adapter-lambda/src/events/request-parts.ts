// Pieces every event source uses to build a `Request`: URL, headers, body.

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

/** Appends every defined value of a single-value header map. */
export function appendHeaders(
  headers: Headers,
  source: Record<string, string | undefined> | null | undefined,
): void {
  if (!source) return;
  for (const name in source) {
    const value = source[name];
    if (value !== undefined) appendHeader(headers, name, value);
  }
}

/** Adds `Cookie` the way browsers send it: one header, pairs joined with `; `. */
export function setCookieHeader(headers: Headers, cookies: readonly string[] | undefined): void {
  if (cookies && cookies.length > 0) appendHeader(headers, 'cookie', cookies.join('; '));
}

export function buildUrl(
  headers: Headers,
  host: string | undefined,
  path: string,
  query: string,
): string {
  const protocol = headers.get('x-forwarded-proto') ?? 'https';
  const authority = host ?? headers.get('host') ?? 'localhost';
  const safePath = path.startsWith('/') ? path : `/${path}`;
  const escapedPath = safePath.replace(/[?#]/g, encodeURIComponent);
  return `${protocol}://${authority}${escapedPath}${query ? `?${query}` : ''}`;
}

export function decodeBody(
  method: string,
  body: string | null | undefined,
  isBase64Encoded: boolean | undefined,
): Uint8Array<ArrayBuffer> | undefined {
  if (body == null || method === 'GET' || method === 'HEAD') return undefined;
  return Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
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

export function createRequest(
  url: string,
  method: string,
  headers: Headers,
  body: Uint8Array<ArrayBuffer> | undefined,
  signals: SignalSource,
): Request {
  const LambdaRequest = lambdaRequestClass();
  return new LambdaRequest(url, { method, headers, body: body ?? null }, signals);
}

/** `a=1&a=2&b=3` from already-decoded multi-value parameters (API Gateway decodes them). */
export function encodeQuery(
  multi: Record<string, string[] | undefined> | null | undefined,
  single: Record<string, string | undefined> | null | undefined,
  encode: (part: string) => string,
): string {
  const parts: string[] = [];
  if (multi) {
    for (const key in multi) {
      for (const value of multi[key] ?? []) parts.push(`${encode(key)}=${encode(value)}`);
    }
  } else if (single) {
    for (const key in single) {
      const value = single[key];
      if (value !== undefined) parts.push(`${encode(key)}=${encode(value)}`);
    }
  }
  return parts.join('&');
}
