// The two calling conventions of serve() and the check that every option is one it knows.
import type { AddressInfo } from 'node:net';
import { type AppLike, toFetchHandler } from './app.ts';
import { listenerOptionNames } from './listener.ts';
import type { ServeOptions, ServeOptionsWithFetch } from './serve.ts';

export type ServeArguments =
  | [app: AppLike, options?: ServeOptions]
  | [options: ServeOptionsWithFetch, onListen?: (info: AddressInfo) => void];

const serveOptionNames = new Set<string>([
  ...listenerOptionNames,
  'port',
  'hostname',
  'signal',
  'shutdownTimeoutMs',
  'createServer',
  'serverOptions',
]);

const unsupported: Record<string, string> = {
  websocket: 'WebSocket upgrades are not handled by @sluice/adapter-node',
  autoCleanupIncoming:
    'unread request bodies are always drained by Node after the response (and bounded by requestBodyIdleTimeoutMs)',
};

function checkOptions(options: object, allowFetch: boolean): void {
  for (const name of Object.keys(options)) {
    if (serveOptionNames.has(name) || (allowFetch && name === 'fetch')) continue;
    const why = unsupported[name];
    throw new TypeError(
      why === undefined
        ? `serve(): unknown option '${name}'`
        : `serve(): option '${name}' is not supported: ${why}`,
    );
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * `serve(app, options?)` when the second argument is an object or the first is a function or
 * a class instance (a Hono app); otherwise `serve({ fetch, ...options }, onListen?)`.
 */
export function splitServeArguments(args: ServeArguments): {
  app: AppLike;
  options: ServeOptions;
  onListen: ((info: AddressInfo) => void) | undefined;
} {
  const [first, second] = args;
  if (second !== undefined && typeof second !== 'function') {
    if (!isPlainObject(second)) throw new TypeError('serve(): options must be an object');
    checkOptions(second, false);
    toFetchHandler(first as AppLike);
    return { app: first as AppLike, options: second as ServeOptions, onListen: undefined };
  }
  const onListen = second as ((info: AddressInfo) => void) | undefined;
  if (typeof first === 'function' || !isPlainObject(first)) {
    toFetchHandler(first as AppLike);
    return { app: first as AppLike, options: {}, onListen };
  }
  checkOptions(first, true);
  const { fetch, ...options } = first as ServeOptionsWithFetch;
  if (typeof fetch !== 'function')
    throw new TypeError('serve(): pass the app first, or options with a fetch function');
  return { app: fetch, options, onListen };
}
