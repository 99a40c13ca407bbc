import { createServer, type Server as HttpServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchHandler } from '@sluice/core';
import type { AppLike } from './app.ts';
import { createListener, type ListenerOptions, type NodeListener } from './listener.ts';
import { type ServeArguments, splitServeArguments } from './serve-options.ts';
import { serverTimeouts } from './server-timeouts.ts';

export interface ServeOptions extends ListenerOptions {
  /** Default 3000; 0 picks a free port (read it from `url`). */
  port?: number;
  /** Default: all interfaces (`::`, and 0.0.0.0 through it), as `@hono/node-server`. */
  hostname?: string;
  /** Aborting it shuts the server down like `close()`. */
  signal?: AbortSignal;
  /**
   * How long `close()` lets responses in flight and `waitUntil` tasks finish before cutting
   * them. Default 10 000.
   */
  shutdownTimeoutMs?: number;
  /** `http.createServer` by default; e.g. `https.createServer` (same signature). */
  createServer?: (options: object, listener: RequestListener) => HttpServer;
  /** Options for `createServer` (TLS keys, ...), over this package's timeouts. */
  serverOptions?: object;
}

/** `@hono/node-server`'s form: the options carry the app as `fetch`. */
export interface ServeOptionsWithFetch extends ServeOptions {
  fetch: FetchHandler;
}

export interface Server {
  /** e.g. `http://127.0.0.1:3000` (`localhost` when listening on all interfaces). */
  url: string;
  /**
   * Graceful shutdown: stops accepting, aborts `request.signal` of every request in flight
   * (reason: `ServerShutdownError`), lets responses and `waitUntil` tasks finish for up to
   * `shutdownTimeoutMs`, then destroys the connections left. Idempotent.
   */
  close(): Promise<void>;
  /** The underlying `node:http` server. */
  httpServer: HttpServer;
}

function listen(server: HttpServer, port: number, hostname: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function urlOf(server: HttpServer): string {
  const { address, port } = server.address() as AddressInfo;
  const wildcard = address === '::' || address === '0.0.0.0';
  const host = wildcard ? 'localhost' : address.includes(':') ? `[${address}]` : address;
  const scheme = 'cert' in server || 'key' in server ? 'https' : 'http';
  return `${scheme}://${host}:${port}`;
}

async function shutdown(server: HttpServer, listener: NodeListener, timeoutMs: number) {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await listener.shutdown(timeoutMs);
  server.closeAllConnections();
  await closed;
}

/**
 * Serves `app` on `node:http`; resolves once listening. Two forms:
 * `serve(app, options?)`, and `@hono/node-server`'s `serve({ fetch, port, ... }, onListen?)`.
 * An option this function does not know is a `TypeError` naming it.
 */
export function serve(app: AppLike, options?: ServeOptions): Promise<Server>;
export function serve(
  options: ServeOptionsWithFetch,
  onListen?: (info: AddressInfo) => void,
): Promise<Server>;
export async function serve(...args: ServeArguments): Promise<Server> {
  const { app, options, onListen } = splitServeArguments(args);
  const listener = createListener(app, options);
  const make = options.createServer ?? (createServer as NonNullable<ServeOptions['createServer']>);
  const httpServer = make({ ...serverTimeouts, noDelay: true, ...options.serverOptions }, listener);
  await listen(httpServer, options.port ?? 3000, options.hostname);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= shutdown(httpServer, listener, options.shutdownTimeoutMs ?? 10_000);
    return closing;
  };
  if (options.signal?.aborted) await close();
  else options.signal?.addEventListener('abort', () => void close(), { once: true });
  onListen?.(httpServer.address() as AddressInfo);
  return { url: urlOf(httpServer), close, httpServer };
}
