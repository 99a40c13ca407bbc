// Where a resumable stream's events live between connections. Everything is async and keyed by
// the app's stream id, so it maps onto Redis Streams or a DynamoDB table as well as memory.

/** A stored event: its sequence number, dispatched type and LF-joined data. `end` is stored too. */
export interface SSEStoredEvent {
  seq: number;
  /** `message` for default events; `end` for the terminal event (data is the end JSON). */
  event: string;
  data: string;
}

export interface SSEStreamInfo {
  /** Highest stored sequence number; 0 when nothing is stored yet. */
  lastSeq: number;
  /** The last stored event is `end`. */
  ended: boolean;
  /** A producer holds an unexpired lease. */
  producing: boolean;
}

export interface SSEReadOptions {
  /** At most this many events per call. */
  limit: number;
  /** When nothing is stored after `afterSeq` yet, wait up to this long for an append. */
  waitMs: number;
  /** Stop waiting (resolve `[]`) when this aborts. */
  signal?: AbortSignal | undefined;
}

/**
 * Every method rejects with `SSEStoreError` (or any error with `code: 'store_unavailable'`) when
 * the storage is unreachable or too slow; `sse()` turns that into a 503 or an `end` error.
 */
export interface SSEEventStore {
  /**
   * The lease `sse()` uses for its producer when its own `leaseMs` option is not set. A store
   * whose operator knows the right value (Lambda timeout, failover time) says so here.
   */
  readonly leaseMs?: number | undefined;
  /**
   * Creates the stream and gives the caller its producer lease for `leaseMs`, only if no stream
   * with this id exists. Resolves false otherwise. (Redis: `SET lease NX PX`; DynamoDB:
   * conditional `PutItem` with `attribute_not_exists`.)
   */
  create(streamId: string, leaseMs: number): Promise<boolean>;
  /** Extends the lease and the stream's expiry. False when the stream is gone, ended or cancelled. */
  renew(streamId: string, leaseMs: number): Promise<boolean>;
  /**
   * An explicit cancel: drops the producer lease, and from now on `append()` refuses content
   * events (it still takes `end`), so the producer stops at its next append or renewal.
   */
  cancel(streamId: string): Promise<void>;
  /**
   * Stores `event` only if the stream exists, has not ended, `event.seq` is exactly its
   * `lastSeq + 1`, and (for a content event) it was not cancelled; false otherwise.
   * (Redis: `XADD key MAXLEN ~ n <seq>-0` fails for a non-increasing id.)
   */
  append(streamId: string, event: SSEStoredEvent): Promise<boolean>;
  /**
   * Optional: stores consecutive events as `append()` would one by one, in one round trip,
   * stopping at the first it refuses; resolves how many were stored (a prefix). Only for stores
   * that apply it atomically or in order. Without it, `sse()` appends one event at a time.
   */
  appendMany?(streamId: string, events: SSEStoredEvent[]): Promise<number>;
  /** `undefined` when the stream is unknown or expired. */
  info(streamId: string): Promise<SSEStreamInfo | undefined>;
  /**
   * Stored events with `seq > afterSeq`, in order. Older events may have been evicted, so the
   * first one can be later than `afterSeq + 1`. With none stored yet, waits up to `waitMs`
   * for an append (Redis: `XREAD BLOCK`); resolves `[]` on timeout or abort. An unknown (or
   * expired) stream resolves `[]` at once, whatever `waitMs`.
   */
  read(streamId: string, afterSeq: number, options: SSEReadOptions): Promise<SSEStoredEvent[]>;
}
