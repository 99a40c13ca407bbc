// A Response that keeps what it was built from (status, a flat header list, a string, bytes or
// a stream) until someone asks for more, so the adapter can write it without undici building
// a Headers object and a body stream first. `instanceof Response` stays true both ways:
// instances inherit from the native prototype, and `FastResponse[Symbol.hasInstance]` accepts
// every native Response (`fetch()` results). Anything beyond status, headers and the body
// stream (clone, text, json, ...) turns it into a native Response first and runs there.

import { Readable } from 'node:stream';
import { delegateMissing } from './delegate.ts';
import { findHeader, toHeaderList } from './header-list.ts';
import { isNativeResponse, NativeResponse } from './natives.ts';

// Spelled through the class: @types/node has `Response` but not the DOM lib's `BodyInit` and
// `ResponseType`, and this class's .d.ts must read without the DOM lib.
type BodyInput = ConstructorParameters<typeof Response>[0];

const isDisturbed = (stream: ReadableStream) =>
  Readable.isDisturbed(stream as unknown as NodeJS.ReadableStream);

export const kStatus = Symbol('sluice.status');
export const kStatusText = Symbol('sluice.statusText');
export const kBody = Symbol('sluice.body');
export const kHeaderList = Symbol('sluice.headerList');
export const kHeaders = Symbol('sluice.headers');
export const kNative = Symbol('sluice.native');

export type FastBody = string | Uint8Array | Blob | ReadableStream<Uint8Array> | null;

const TEXT_PLAIN = 'text/plain;charset=UTF-8';
const JSON_HEADERS = { 'content-type': 'application/json' };
const NOT_FAST = Symbol('not fast');
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

function fastBody(body: unknown): FastBody | typeof NOT_FAST {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof Blob && !(body instanceof File)) return body;
  if (body instanceof ReadableStream) {
    if (body.locked || isDisturbed(body))
      throw new TypeError('Response body object should not be disturbed or locked');
    return body as ReadableStream<Uint8Array>;
  }
  return NOT_FAST;
}

function validStatus(status: unknown): number {
  if (status === undefined) return 200;
  const value = Number(status);
  if (!Number.isInteger(value) || value < 200 || value > 599)
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  return value;
}

const isNullBodyStatus = (status: number) =>
  status === 204 || status === 205 || status === 304 || status === 101;

export class FastResponse {
  [kStatus]: number;
  [kStatusText]: string;
  [kBody]: FastBody;
  [kHeaderList]: string[] | undefined;
  [kHeaders]: Headers | undefined;
  [kNative]: Response | undefined;

  static json(data: unknown, init?: ResponseInit): Response {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    let headers: HeadersInit = JSON_HEADERS;
    if (init?.headers != null) {
      headers = new Headers(init.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const { status, statusText } = init ?? {};
    return new FastResponse(text, { status, statusText, headers }) as unknown as Response;
  }

  static redirect(url: string | URL, status?: number): Response {
    return NativeResponse.redirect(url, status);
  }

  static error(): Response {
    return NativeResponse.error();
  }

  constructor(body?: BodyInput, init?: ResponseInit) {
    this[kHeaders] = undefined;
    this[kNative] = undefined;
    const fast = fastBody(body);
    const headerList =
      fast === NOT_FAST || init?.headers === undefined || init.headers === null
        ? undefined
        : toHeaderList(init.headers);
    if (fast === NOT_FAST || (headerList === undefined && init?.headers != null)) {
      this[kNative] = new NativeResponse(body, init);
      this[kStatus] = this[kNative].status;
      this[kStatusText] = '';
      this[kBody] = null;
      this[kHeaderList] = undefined;
      return;
    }
    const status = validStatus(init?.status);
    const statusText = init?.statusText === undefined ? '' : String(init.statusText);
    if (!REASON_PHRASE.test(statusText)) throw new TypeError('Invalid statusText');
    if (fast !== null && isNullBodyStatus(status))
      throw new TypeError('Response constructor: Invalid response status code');
    this[kStatus] = status;
    this[kStatusText] = statusText;
    this[kBody] = fast;
    // The Content-Type the native constructor would add for a string or a typed Blob.
    const impliedType =
      typeof fast === 'string' ? TEXT_PLAIN : fast instanceof Blob ? fast.type : '';
    this[kHeaderList] =
      impliedType !== '' && findHeader(headerList, 'content-type') === undefined
        ? [...(headerList ?? []), 'content-type', impliedType]
        : headerList;
  }

  get status(): number {
    return this[kNative]?.status ?? this[kStatus];
  }

  get ok(): boolean {
    const status = this.status;
    return status >= 200 && status < 300;
  }

  get statusText(): string {
    return this[kNative]?.statusText ?? this[kStatusText];
  }

  get headers(): Headers {
    const native = this[kNative];
    if (native !== undefined) return native.headers;
    let headers = this[kHeaders];
    if (headers === undefined) {
      headers = new Headers();
      const list = this[kHeaderList] ?? [];
      for (let i = 0; i < list.length; i += 2) headers.append(list[i]!, list[i + 1]!);
      this[kHeaders] = headers;
      this[kHeaderList] = undefined;
    }
    return headers;
  }

  get type(): Response['type'] {
    return this[kNative]?.type ?? 'default';
  }

  get url(): string {
    return this[kNative]?.url ?? '';
  }

  get redirected(): boolean {
    return this[kNative]?.redirected ?? false;
  }

  get body(): ReadableStream<Uint8Array> | null {
    const body = this[kBody];
    if (this[kNative] === undefined && (body === null || body instanceof ReadableStream))
      return body;
    return toNativeResponse(this).body;
  }

  get bodyUsed(): boolean {
    const body = this[kBody];
    if (this[kNative] === undefined) return body instanceof ReadableStream && isDisturbed(body);
    return toNativeResponse(this).bodyUsed;
  }
}

/** A FastResponse (not any Response: `instanceof FastResponse` accepts native ones too). */
export const isFastResponse = (value: unknown): value is FastResponse =>
  typeof value === 'object' && value !== null && kBody in value;

/** The native Response this one stands for (built once; the fast fields are dropped). */
export function toNativeResponse(response: FastResponse): Response {
  let native = response[kNative];
  if (native === undefined) {
    native = new NativeResponse(response[kBody] as BodyInit | null, {
      status: response[kStatus],
      statusText: response[kStatusText],
      headers: response.headers,
    });
    response[kNative] = native;
    response[kBody] = null;
    response[kHeaders] = undefined;
    response[kHeaderList] = undefined;
  }
  return native;
}

Object.setPrototypeOf(FastResponse, NativeResponse);
Object.setPrototypeOf(FastResponse.prototype, NativeResponse.prototype);
delegateMissing<FastResponse>(FastResponse.prototype, NativeResponse.prototype, toNativeResponse);
Object.defineProperty(FastResponse.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: FastResponse) {
    return `Response (sluice) { status: ${this.status}, native: ${this[kNative] !== undefined} }`;
  },
});

// `instanceof FastResponse` accepts every native object; a subclass keeps the ordinary check.
Object.defineProperty(FastResponse, Symbol.hasInstance, {
  value: function hasInstance(this: unknown, value: unknown): boolean {
    return this === FastResponse
      ? isNativeResponse(value)
      : Function.prototype[Symbol.hasInstance].call(this, value);
  },
});
