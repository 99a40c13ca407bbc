/**
 * Redis could not be reached, timed out or refused a command. `code` is the stable string the
 * SSE protocol reports for it (`end` error code, 503 body): `store_unavailable`.
 */
export class RedisStoreError extends Error {
  readonly code = 'store_unavailable';
  override readonly name = 'RedisStoreError';
}

/** Wraps whatever the client threw, keeping it as `cause`. */
export function storeUnavailable(what: string, cause: unknown): RedisStoreError {
  if (cause instanceof RedisStoreError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new RedisStoreError(`Redis event store: ${what} failed (${detail})`, { cause });
}
