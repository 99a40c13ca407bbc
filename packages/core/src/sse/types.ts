import type { ChecksumAlgorithm } from '../hash/types.ts';
import type { HeadersInput } from '../http/fetch-types.ts';
import type { SSEEventStore } from './store.ts';

export type { ChecksumAlgorithm };

/** One event for `sse()`: a string, or `{ data, event? }` where non-string data is JSON-encoded. */
export type SSEEventInput = string | { data: unknown; event?: string | undefined };

/** Sends one event; resolves once the stream has taken it (await it for backpressure). */
export type SSESend = (event: SSEEventInput) => Promise<void>;

/** A producer function: send events, stop when `signal` aborts, resolve when done. */
export type SSESourceFunction = (send: SSESend, signal: AbortSignal) => Promise<void>;

export type SSESource = AsyncIterable<SSEEventInput> | Iterable<SSEEventInput> | SSESourceFunction;

/** What the client is told about a failure: never a stack trace. */
export interface SSEErrorInfo {
  code: string;
  message: string;
}

export interface SSEOptions {
  /** The incoming request: its `signal` stops the source, its `Last-Event-ID` drives resume. */
  request?: Request | undefined;
  /** Idle time before a `: keep-alive` comment; 0 disables. Default 15000. */
  heartbeatMs?: number | undefined;
  /** Sent as `retry:` first, telling clients how long to wait before reconnecting. */
  retryMs?: number | undefined;
  /** Digest of the `end` event. Default `'sha-256'`; `false` keeps only `count` and `bytes`. */
  checksum?: ChecksumAlgorithm | false | undefined;
  /** Extra response headers (e.g. CORS). Hop-by-hop and length/encoding headers are dropped. */
  headers?: HeadersInput | undefined;
  /** Makes the stream resumable: events are kept here and replayed after `Last-Event-ID`. */
  store?: SSEEventStore | undefined;
  /** The stream's identity in `store`, from the app (e.g. a chat id). Required with `store`. */
  streamId?: string | undefined;
  /**
   * With `store`: how long the producer's lease lasts without renewal (renewed every third of
   * it). Default: the store's `leaseMs`, else 30000.
   */
  leaseMs?: number | undefined;
  /**
   * With `store`: handed the background producer's promise when this request starts one, so a
   * runtime that freezes after the response (Workers, Lambda) keeps running it. Pass
   * `ctx.waitUntil.bind(ctx)` (Hono: `c.executionCtx.waitUntil.bind(c.executionCtx)`).
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /** Turns a source failure into what the client sees. Default: a generic message. */
  onError?: ((error: unknown) => SSEErrorInfo) | undefined;
}

/** A content event as the client sees it. */
export interface SSEMessage {
  /** Data lines joined by LF. */
  data: string;
  /** The event type; `message` when the server sent none. */
  event: string;
  /** The sequence number, as a decimal string. */
  id: string;
}

export type SSEEndStatus = 'complete' | 'error' | 'aborted';

/** Data of the terminal `end` event. */
export interface SSEEnd {
  v: 1;
  status: SSEEndStatus;
  count: number;
  bytes?: number;
  alg?: ChecksumAlgorithm;
  digest?: string;
  error?: SSEErrorInfo;
}

export interface ReadSSEOptions {
  /**
   * Which digest to compute and verify. Default `'auto'`: both sha-256 and crc32, so any
   * server setting verifies; a single algorithm is cheaper but fails on a server using the
   * other one. `false` verifies only `count` and `bytes`.
   */
  checksum?: ChecksumAlgorithm | 'auto' | false | undefined;
  /** Called when the server sends `reset`: drop what you showed, events restart at 1. */
  onReset?: (() => void) | undefined;
  /**
   * Characters the parser may buffer for one unfinished line or event before the reader gives up
   * with SSEProtocolError, so a server that never ends its event cannot grow the client's memory
   * without bound. Default 16 Mi (16,777,216); `Infinity` turns the bound off.
   */
  maxEventSize?: number | undefined;
}
