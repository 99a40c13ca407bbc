import type { RedisClientLike } from './client.ts';

export interface RedisEventStoreOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS (ElastiCache, Valkey). */
  url?: string | undefined;
  /**
   * Your own node-redis client instead of `url`. The store duplicates it for blocking reads and
   * never closes it. Do not give it a `keyPrefix` of its own; use this store's `keyPrefix`.
   */
  client?: RedisClientLike | undefined;
  /** Prepended to every key. Default `sluice:sse:`. */
  keyPrefix?: string | undefined;
  /** A stream is deleted this long after its last append or lease renewal. Default 10 min. */
  ttlMs?: number | undefined;
  /** Events kept per stream (`XADD MAXLEN ~`: at least this many, trimmed in whole nodes). Default 10000. */
  maxEvents?: number | undefined;
  /**
   * The producer lease `sse()` uses with this store when its own `leaseMs` option is not set
   * (exposed as the store's `leaseMs`). Unset: sse()'s default, 30000. A dead producer's stream
   * is reported aborted within about this long, so keep it short, but above your longest pause.
   */
  leaseMs?: number | undefined;
  /** Bound on establishing a connection. Default 5000. */
  connectTimeoutMs?: number | undefined;
  /** Bound on any command's reply (blocking reads: their wait plus this). Default 5000. */
  commandTimeoutMs?: number | undefined;
  /** Idle connections kept for blocking reads (one per waiting reader is opened on demand). Default 128. */
  maxIdleConnections?: number | undefined;
  /** An idle blocking-read connection is closed after this long unused. Default 30000. */
  idleTimeoutMs?: number | undefined;
}

export interface ResolvedOptions {
  keyPrefix: string;
  ttlMs: number;
  maxEvents: number;
  leaseMs: number | undefined;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  maxIdleConnections: number;
  idleTimeoutMs: number;
}

export function resolveOptions(options: RedisEventStoreOptions): ResolvedOptions {
  if ((options.url === undefined) === (options.client === undefined)) {
    throw new TypeError('redisEventStore(): pass exactly one of `url` and `client`');
  }
  return {
    keyPrefix: options.keyPrefix ?? 'sluice:sse:',
    ttlMs: positive('ttlMs', options.ttlMs, 600_000),
    maxEvents: positive('maxEvents', options.maxEvents, 10_000),
    leaseMs: options.leaseMs === undefined ? undefined : positive('leaseMs', options.leaseMs, 0),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, 5000),
    commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs, 5000),
    maxIdleConnections: Math.max(0, Math.floor(options.maxIdleConnections ?? 128)),
    idleTimeoutMs: positive('idleTimeoutMs', options.idleTimeoutMs, 30_000),
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 1) {
    throw new TypeError(`redisEventStore(): ${name} must be a positive number, got ${value}`);
  }
  return Math.floor(value);
}
