// The Request handed to the app: url and method at once, headers and body only when asked,
// read straight from the IncomingMessage. Inherits from the native Request (so `instanceof
// Request` holds), and turns into a native Request (`toNativeRequest`) whenever something
// needs undici's own object: `clone()`, `formData()`, `new Request(request)` and
// `fetch(request)` (through the globals this package installs), so every pattern of the
// Fetch API works. `request.signal` is this package's own: aborted when the client leaves or
// the server shuts down, and followed by every copy (the native copies get it as their signal).

import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { delegateMissing } from './delegate.ts';
import { withoutHopByHop } from './hop-by-hop.ts';
import { NativeRequest, NativeResponse } from './natives.ts';
import { bodyStream, wholeBody } from './request-body.ts';

const isDisturbed = (stream: ReadableStream) =>
  Readable.isDisturbed(stream as unknown as NodeJS.ReadableStream);

const kIncoming = Symbol('sluice.incoming');
const kUrl = Symbol('sluice.url');
const kHasBody = Symbol('sluice.hasBody');
const kHeaders = Symbol('sluice.headers');
const kBody = Symbol('sluice.body');
const kBodyRead = Symbol('sluice.bodyRead');
const kNative = Symbol('sluice.native');
const kController = Symbol('sluice.controller');
const kReason = Symbol('sluice.reason');

const decoder = new TextDecoder();
const unusable = () => new TypeError('Body is unusable: Body has already been read');

export class NodeRequest {
  [kIncoming]: IncomingMessage;
  [kUrl]: string;
  [kHasBody]: boolean;
  [kHeaders]: Headers | undefined = undefined;
  [kBody]: ReadableStream<Uint8Array> | null | undefined = undefined;
  [kBodyRead] = false;
  [kNative]: Request | undefined = undefined;
  [kController]: AbortController | undefined = undefined;
  [kReason]: unknown = undefined;

  /** `hasBody`: the head announced a body (GET and HEAD never have one). */
  constructor(incoming: IncomingMessage, url: string, hasBody: boolean) {
    this[kIncoming] = incoming;
    this[kUrl] = url;
    this[kHasBody] = hasBody && incoming.method !== 'GET' && incoming.method !== 'HEAD';
  }

  get method(): string {
    return this[kIncoming].method ?? 'GET';
  }

  get url(): string {
    return this[kUrl];
  }

  get headers(): Headers {
    const native = this[kNative];
    if (native !== undefined) return native.headers;
    let headers = this[kHeaders];
    if (headers === undefined) {
      headers = new Headers();
      const raw = this[kIncoming].rawHeaders;
      for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
      this[kHeaders] = headers;
    }
    return headers;
  }

  get signal(): AbortSignal {
    let controller = this[kController];
    if (controller === undefined) {
      controller = new AbortController();
      if (this[kReason] !== undefined) controller.abort(this[kReason]);
      this[kController] = controller;
    }
    return controller.signal;
  }

  get body(): ReadableStream<Uint8Array> | null {
    const native = this[kNative];
    if (native !== undefined) return native.body;
    let body = this[kBody];
    if (body === undefined) {
      body = this[kHasBody] ? bodyStream(this[kIncoming]) : null;
      if (body !== null && this[kBodyRead]) body.cancel().catch(() => {});
      this[kBody] = body;
    }
    return body;
  }

  get bodyUsed(): boolean {
    const native = this[kNative];
    if (native !== undefined) return native.bodyUsed;
    if (this[kBodyRead]) return true;
    const body = this[kBody];
    return body !== undefined && body !== null && isDisturbed(body);
  }

  // Fetch's defaults for a request that came from the network, answered without undici.
  get cache(): RequestCache {
    return 'default';
  }
  get credentials(): RequestCredentials {
    return 'same-origin';
  }
  get destination(): RequestDestination {
    return '';
  }
  get integrity(): string {
    return '';
  }
  get keepalive(): boolean {
    return false;
  }
  get mode(): RequestMode {
    return 'cors';
  }
  get redirect(): RequestRedirect {
    return 'follow';
  }
  get referrer(): string {
    return 'about:client';
  }
  get referrerPolicy(): ReferrerPolicy {
    return '';
  }
  get duplex(): 'half' {
    return 'half';
  }

  text(): Promise<string> {
    const native = this[kNative];
    if (native !== undefined) return native.text();
    return this.#whole().then((bytes) => decoder.decode(bytes));
  }

  json(): Promise<unknown> {
    const native = this[kNative];
    if (native !== undefined) return native.json();
    return this.#whole().then((bytes) => JSON.parse(decoder.decode(bytes)));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const native = this[kNative];
    if (native !== undefined) return native.arrayBuffer();
    return this.#whole().then((bytes) => copyOf(bytes).buffer);
  }

  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    const native = this[kNative];
    if (native !== undefined) return native.bytes();
    return this.#whole().then(copyOf);
  }

  /** The body in one buffer: read directly unless the app took the stream already. */
  #whole(): Promise<Uint8Array> {
    if (this.bodyUsed) return Promise.reject(unusable());
    const body = this[kBody];
    if (body !== undefined) {
      return body === null ? Promise.resolve(new Uint8Array(0)) : new NativeResponse(body).bytes();
    }
    this[kBodyRead] = true;
    return this[kHasBody] ? wholeBody(this[kIncoming]) : Promise.resolve(new Uint8Array(0));
  }
}

function copyOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/** True for the adapter's own requests (not for native ones). */
export const isNodeRequest = (value: unknown): value is NodeRequest =>
  typeof value === 'object' && value !== null && kIncoming in value;

/** Aborts `request.signal` (now, or once read) with `reason`; the first reason wins. */
export function abortNodeRequest(request: NodeRequest, reason: unknown): void {
  if (request[kReason] !== undefined) return;
  request[kReason] = reason;
  request[kController]?.abort(reason);
}

function nativeInit(request: NodeRequest, withBody: boolean): RequestInit {
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers: withoutHopByHop(request.headers),
    signal: request.signal,
  };
  if (withBody) {
    if (request[kBodyRead]) throw unusable();
    const body = request.body;
    if (body !== null) {
      init.body = body;
      init.duplex = 'half';
    }
  }
  return init;
}

/**
 * The native Request this one stands for, built once; from then on this request's body,
 * headers and body methods are the native one's. With `withBody: false` (a copy that gets a
 * body of its own, as Hono's `bodyLimit` makes), a bodiless native copy, not kept.
 */
export function toNativeRequest(request: NodeRequest, withBody = true): Request {
  if (request[kNative] !== undefined) return request[kNative];
  if (!withBody) return new NativeRequest(request.url, nativeInit(request, false));
  const native = new NativeRequest(request.url, nativeInit(request, true));
  request[kNative] = native;
  request[kHeaders] = undefined;
  request[kBody] = undefined;
  return native;
}

Object.setPrototypeOf(NodeRequest.prototype, NativeRequest.prototype);
delegateMissing<NodeRequest>(NodeRequest.prototype, NativeRequest.prototype, (request) =>
  toNativeRequest(request),
);
Object.defineProperty(NodeRequest.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(
    this: NodeRequest,
    depth: number,
    options: object,
    inspect: (v: unknown, o: object) => string,
  ) {
    return `Request (sluice) ${inspect({ method: this.method, url: this.url, headers: this.headers }, { ...options, depth: depth - 1 })}`;
  },
});
