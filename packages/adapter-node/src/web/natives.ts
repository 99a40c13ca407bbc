// The runtime's own Request, Response and fetch, captured before this package installs its
// globals. Kept under a registry symbol so a second copy of the package (a bundle next to the
// source) unwraps to the same natives instead of wrapping the first copy's replacements.

interface Natives {
  Request: typeof globalThis.Request;
  Response: typeof globalThis.Response;
  fetch: typeof globalThis.fetch;
}

const KEY = Symbol.for('sluice.adapter-node.natives');
type WithNatives = typeof globalThis & { [KEY]?: Natives };

const registry = globalThis as WithNatives;
if (registry[KEY] === undefined) {
  registry[KEY] = {
    Request: globalThis.Request,
    Response: globalThis.Response,
    fetch: globalThis.fetch,
  };
}
export const natives: Natives = registry[KEY];

export const NativeRequest = natives.Request;
export const NativeResponse = natives.Response;

/** A real (undici) Request or Response, or an object of a class built on them. */
export const isNativeRequest = (value: unknown): value is Request =>
  Object.prototype.isPrototypeOf.call(NativeRequest.prototype, value as object);
export const isNativeResponse = (value: unknown): value is Response =>
  Object.prototype.isPrototypeOf.call(NativeResponse.prototype, value as object);
