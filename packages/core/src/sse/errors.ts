import type { SSEEnd, SSEErrorInfo } from './types.ts';

/** Base class of every SSE error; match on `code`, which never changes. */
export abstract class SSEError extends Error {
  abstract readonly code: string;
}

/** The body ended (or the connection dropped) before a valid `end` event arrived. */
export class SSETruncatedError extends SSEError {
  readonly code = 'SSE_TRUNCATED';
  override readonly name = 'SSETruncatedError';
  /** Content events received before the cut (all connections together). */
  readonly received: number;
  constructor(message: string, received: number, options?: ErrorOptions) {
    super(message, options);
    this.received = received;
  }
}

/** The `end` event's `count`, `bytes` or `digest` differ from what the client received. */
export class SSEChecksumError extends SSEError {
  readonly code = 'SSE_CHECKSUM_MISMATCH';
  override readonly name = 'SSEChecksumError';
  readonly field: 'count' | 'bytes' | 'digest';
  readonly expected: string | number;
  readonly actual: string | number;
  constructor(
    field: 'count' | 'bytes' | 'digest',
    expected: string | number,
    actual: string | number,
  ) {
    super(`SSE stream corrupted: end ${field} is ${expected}, received ${actual}`);
    this.field = field;
    this.expected = expected;
    this.actual = actual;
  }
}

/** The server declared the stream failed: `end` with `status: "error"` or `"aborted"`. */
export class SSEServerError extends SSEError {
  readonly code = 'SSE_SERVER_ERROR';
  override readonly name = 'SSEServerError';
  readonly status: 'error' | 'aborted';
  /** The server's sanitised `{ code, message }` (status `error` only). */
  readonly serverError: SSEErrorInfo | undefined;
  readonly end: SSEEnd;
  constructor(end: SSEEnd & { status: 'error' | 'aborted' }) {
    const detail = end.error ? `${end.error.code}: ${end.error.message}` : end.status;
    super(`SSE stream ended by the server with status ${end.status} (${detail})`);
    this.status = end.status;
    this.serverError = end.error;
    this.end = end;
  }
}

/** Not a sluice SSE stream: wrong status or content type, malformed `end`, out-of-order ids. */
export class SSEProtocolError extends SSEError {
  readonly code = 'SSE_PROTOCOL_ERROR';
  override readonly name = 'SSEProtocolError';
  /** The HTTP status, when the error is about the response itself. */
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** The writer refused an event: bad `event` name, reserved type, or unserialisable data. */
export class SSEEventError extends SSEError {
  readonly code = 'SSE_INVALID_EVENT';
  override readonly name = 'SSEEventError';
}

/**
 * The event store could not be reached, timed out or refused a command. Stores reject with it
 * (or any error whose `code` is `store_unavailable`); `sse()` then answers 503 before the first
 * byte, or ends the stream with `status: "error"` and this code after it.
 */
export class SSEStoreError extends SSEError {
  readonly code: 'store_unavailable' = 'store_unavailable';
  override readonly name: string = 'SSEStoreError';
}
