// A fetch that never decodes: Node's global fetch gunzips the body but keeps
// `Content-Encoding: gzip`, so forwarding its Response corrupts the bytes. undici's `request`
// hands over the body exactly as it came off the socket.
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { type Dispatcher, request } from 'undici';
import type { HeadersInput } from '../http/fetch-types.ts';
import { UpstreamTimeoutError, UpstreamUnreachableError } from './errors.ts';
import { discardBody, webStreamOf } from './web-body.ts';

export interface FetchRawInit {
  method?: string;
  headers?: HeadersInput;
  /** Streamed as it is read; a `ReadableStream` is never buffered. */
  body?: ReadableStream<Uint8Array> | Uint8Array | string | null;
  /** Aborting cancels the upstream request, also while its body is streaming. */
  signal?: AbortSignal;
  /** Max time to connect and receive the response headers, in ms (undici default: 300 000). */
  headersTimeout?: number;
  /** Max idle time between body chunks, in ms; 0 disables (undici default: 300 000). */
  bodyTimeout?: number;
  /** undici dispatcher (Agent, Pool, ProxyAgent); default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ETIMEDOUT']);
const CALLER_ERROR_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

function toRequestBody(body: FetchRawInit['body']): string | Uint8Array | Readable | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
}

// Network failures carry a code (ECONNREFUSED, UND_ERR_SOCKET, HPE_* parse errors...); an
// error without one (TypeError...) or a bad-argument code is a bug of the caller: rethrown.
// undici's HTTPParserError (a malformed response) may come without a code: it is the upstream's.
function classify(error: unknown, url: string, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  if ((error as { name?: unknown } | null)?.name === 'HTTPParserError') {
    return new UpstreamUnreachableError(url, error);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || CALLER_ERROR_CODES.has(code)) return error;
  if (TIMEOUT_CODES.has(code)) return new UpstreamTimeoutError(url, error);
  return new UpstreamUnreachableError(url, error);
}

function toUndiciHeaders(headers: HeadersInput): string[] {
  const flat: string[] = [];
  for (const [name, value] of new Headers(headers)) flat.push(name, value);
  return flat;
}

function hasNullBody(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 205 || status === 304;
}

/**
 * Requests `url` with undici and returns a web `Response` whose body is the raw bytes the
 * upstream sent (no decompression; redirects are not followed). Connection failures reject
 * with `UpstreamUnreachableError`, connect/header timeouts with `UpstreamTimeoutError`, an
 * abort with `signal.reason`.
 */
export async function fetchRaw(url: string | URL, init: FetchRawInit = {}): Promise<Response> {
  const href = String(url);
  const method = (init.method ?? 'GET').toUpperCase();
  let data: Dispatcher.ResponseData;
  try {
    data = await request(href, {
      method: method as Dispatcher.HttpMethod,
      headers: init.headers === undefined ? null : toUndiciHeaders(init.headers),
      body: toRequestBody(init.body),
      signal: init.signal ?? null,
      headersTimeout: init.headersTimeout ?? null,
      bodyTimeout: init.bodyTimeout ?? null,
      ...(init.dispatcher === undefined ? {} : { dispatcher: init.dispatcher }),
    });
  } catch (error) {
    throw classify(error, href, init.signal);
  }
  const { statusCode, body } = data;
  let headers: Headers;
  try {
    if (statusCode < 200 || statusCode > 599) throw new RangeError(`Invalid status ${statusCode}`);
    headers = toHeaders(data.headers); // throws on a value `Headers` refuses (NUL...)
  } catch (malformed) {
    discardBody(body);
    throw new UpstreamUnreachableError(href, malformed);
  }
  if (hasNullBody(method, statusCode)) {
    body.on('error', () => {});
    await body.dump().catch(() => {}); // read off, so the connection can serve the next request
    return new Response(null, { status: statusCode, headers });
  }
  return new Response(webStreamOf(body), { status: statusCode, headers });
}
