// The slice of a node-redis client the store uses, and how it makes and drops its own clients.
// `@redis/client` (node-redis without its module packs) is CommonJS: tsdown bundles it into
// dist as ESM (see tsdown.config.ts), so a user's plain `esbuild --format=esm` bundle runs.
import { createClient } from '@redis/client';
import { withDeadline } from './deadline.ts';

/** What the store needs of a node-redis client (`createClient()` from `redis` fits). */
export interface RedisClientLike {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  sendCommand(args: ReadonlyArray<string>): Promise<unknown>;
  duplicate(): RedisClientLike;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(): void;
}

/** `CLIENT SETNAME` of the store's own connections, so they are easy to spot in `CLIENT LIST`. */
export const CONNECTION_NAME = 'sluice-sse';

/**
 * A client for `url` that fails fast instead of queueing: no offline queue and no background
 * reconnects (the next command reconnects), so a Redis outage surfaces as errors, never as a wait.
 */
export function urlClientFactory(url: string, connectTimeoutMs: number): () => RedisClientLike {
  return () =>
    createClient({
      url,
      name: CONNECTION_NAME,
      RESP: 2,
      disableOfflineQueue: true,
      socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: false },
    }) as unknown as RedisClientLike;
}

/** Connects `client`, giving up (and dropping it) after `ms`. */
export function connectWithin(client: RedisClientLike, ms: number): Promise<unknown> {
  return withDeadline(client.connect(), ms, 'connect', () => destroyQuietly(client));
}

export function destroyQuietly(client: RedisClientLike): void {
  try {
    client.destroy();
  } catch {
    // already closed
  }
}

export const ignoreError = (): void => {
  // Errors reach the store through the rejected command; the event would only crash the process.
};
