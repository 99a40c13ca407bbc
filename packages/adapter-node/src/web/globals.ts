// What `createListener()` installs unless `overrideGlobalObjects: false`:
// - `Response`: `FastResponse`, which the adapter writes without undici building it;
// - `Request`: the native class, extended so `new Request(request)` and
//   `new Request(request, init)` accept the adapter's own requests;
// - `fetch`: the native fetch, which turns the adapter's requests into native ones first
//   (undici's fetch reads private fields that a lightweight request cannot have).
// `instanceof` keeps working both ways: native objects are instances of the installed
// classes and the other way round.

import { FastResponse } from './fast-response.ts';
import { isNativeRequest, NativeRequest, natives } from './natives.ts';
import { isNodeRequest, toNativeRequest } from './node-request.ts';

type Init = RequestInit & { duplex?: 'half' };

/** A copy that gets a body of its own does not need (or lock) the original's body. */
const replacesBody = (init: Init | undefined) => init?.body !== undefined && init.body !== null;

function withDuplex(init: Init | undefined): Init | undefined {
  const body = init?.body as { getReader?: unknown } | null | undefined;
  if (typeof body?.getReader === 'function' && init?.duplex === undefined)
    return { ...init, duplex: 'half' };
  return init;
}

export class PatchedRequest extends NativeRequest {
  constructor(input: RequestInfo | URL, init?: Init) {
    const native = isNodeRequest(input) ? toNativeRequest(input, !replacesBody(init)) : input;
    super(native, withDuplex(init));
  }
}

export function patchedFetch(input: RequestInfo | URL, init?: Init): Promise<Response> {
  const native = isNodeRequest(input) ? toNativeRequest(input, !replacesBody(init)) : input;
  return natives.fetch(native, withDuplex(init));
}

function define(name: 'Request' | 'Response' | 'fetch', value: unknown): void {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
}

/** Installs the globals above (once; a no-op when they are already in place). */
export function installGlobals(): void {
  if (globalThis.Response !== (FastResponse as unknown)) define('Response', FastResponse);
  if (globalThis.Request !== (PatchedRequest as unknown)) define('Request', PatchedRequest);
  if (globalThis.fetch !== patchedFetch) define('fetch', patchedFetch);
}

/** True while the globals above are installed. */
export const globalsInstalled = () => globalThis.Response === (FastResponse as unknown);

// `instanceof PatchedRequest` accepts every native object; a subclass keeps the ordinary check.
Object.defineProperty(PatchedRequest, Symbol.hasInstance, {
  value: function hasInstance(this: unknown, value: unknown): boolean {
    return this === PatchedRequest
      ? isNativeRequest(value)
      : Function.prototype[Symbol.hasInstance].call(this, value);
  },
});
