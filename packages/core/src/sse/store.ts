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

export interface SSEEventStore {
  /**
   * Creates the stream and gives the caller its producer lease for `leaseMs`, only if no stream
   * with this id exists. Resolves false otherwise. (Redis: `SET lease NX PX`; DynamoDB:
   * conditional `PutItem` with `attribute_not_exists`.)
   */
  create(streamId: string, leaseMs: number): Promise<boolean>;
  /** Extends the lease and the stream's expiry. False when the stream is gone, ended or cancelled. */
  renew(streamId: string, leaseMs: number): Promise<boolean>;
  /** Drops the producer lease (an explicit cancel): the producer stops at its next renewal. */
  cancel(streamId: string): Promise<void>;
  /**
   * Stores `event` only if the stream exists and `event.seq` is exactly its `lastSeq + 1`;
   * false otherwise. (Redis: `XADD key MAXLEN ~ n <seq>-0` fails for a non-increasing id.)
   */
  append(streamId: string, event: SSEStoredEvent): Promise<boolean>;
  /** `undefined` when the stream is unknown or expired. */
  info(streamId: string): Promise<SSEStreamInfo | undefined>;
  /**
   * Stored events with `seq > afterSeq`, in order. Older events may have been evicted, so the
   * first one can be later than `afterSeq + 1`. With none stored yet, waits up to `waitMs`
   * for an append (Redis: `XREAD BLOCK`); resolves `[]` on timeout or abort.
   */
  read(streamId: string, afterSeq: number, options: SSEReadOptions): Promise<SSEStoredEvent[]>;
}
