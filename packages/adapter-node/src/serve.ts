import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchApp } from '@sluice/core';
import { createListener, type ListenerOptions, type NodeListener } from './listener.ts';
import { serverTimeouts } from './server-timeouts.ts';

export interface ServeOptions extends ListenerOptions {
  /** Default 3000; 0 picks a free port (read it from `url`). */
  port?: number;
  /** Default: all interfaces. */
  hostname?: string;
  /** Aborting it shuts the server down like `close()`. */
  signal?: AbortSignal;
  /** How long `close()` lets responses in flight finish before destroying them. Default 10 000. */
  shutdownTimeoutMs?: number;
}

export interface Server {
  /** e.g. `http://127.0.0.1:3000` (`localhost` when listening on all interfaces). */
  url: string;
  /**
   * Graceful shutdown: stops accepting, aborts `request.signal` of every request in flight
   * (reason: `ServerShutdownError`), lets responses finish for up to `shutdownTimeoutMs`, then
   * destroys the connections left. Idempotent.
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
  return `http://${host}:${port}`;
}

async function shutdown(server: HttpServer, listener: NodeListener, timeoutMs: number) {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await listener.shutdown(timeoutMs);
  server.closeAllConnections();
  await closed;
}

/** Serves `app` on `node:http`; resolves once listening. */
export async function serve(app: FetchApp, options: ServeOptions = {}): Promise<Server> {
  const listener = createListener(app, options);
  const httpServer = createServer({ ...serverTimeouts, noDelay: true }, listener);
  await listen(httpServer, options.port ?? 3000, options.hostname);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= shutdown(httpServer, listener, options.shutdownTimeoutMs ?? 10_000);
    return closing;
  };
  if (options.signal?.aborted) await close();
  else options.signal?.addEventListener('abort', () => void close(), { once: true });
  return { url: urlOf(httpServer), close, httpServer };
}
