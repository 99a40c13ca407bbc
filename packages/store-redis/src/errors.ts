import { SSEStoreError } from '@sluice/core';

/**
 * Redis could not be reached, timed out or refused a command. An `SSEStoreError` from
 * `@sluice/core` (`code: 'store_unavailable'`): `sse()` answers 503 before the first byte and
 * ends the stream with `status: "error"` and that code after it.
 */
export class RedisStoreError extends SSEStoreError {
  override readonly name: string = 'RedisStoreError';
}

/** Wraps whatever the client threw, keeping it as `cause`. */
export function storeUnavailable(what: string, cause: unknown): RedisStoreError {
  if (cause instanceof RedisStoreError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new RedisStoreError(`Redis event store: ${what} failed (${detail})`, { cause });
}
