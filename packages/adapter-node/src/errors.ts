/** Base class of every error this package creates; match on `code`, which never changes. */
export class NodeAdapterError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** `request.signal` aborts with this when the client closes the connection before the end. */
export class ClientDisconnectedError extends NodeAdapterError {
  constructor() {
    super('CLIENT_DISCONNECTED', 'The client closed the connection before the response ended');
  }
}

/**
 * `request.signal` aborts with this when the server shuts down (`close()`, the `signal`
 * option): streams should end now (SSE from `@sluice/core` sends `end` with `status: "aborted"`).
 */
export class ServerShutdownError extends NodeAdapterError {
  constructor() {
    super('SERVER_SHUTDOWN', 'The server is shutting down');
  }
}

/** The app returned something that is not a `Response`. */
export class InvalidResponseError extends NodeAdapterError {
  constructor(value: unknown) {
    super('INVALID_RESPONSE', `The app must return a Response, got ${typeof value}`);
  }
}

/** The response body produced a chunk that is not a `Uint8Array`. */
export class InvalidChunkError extends NodeAdapterError {
  constructor(value: unknown) {
    super('INVALID_CHUNK', `Response body chunks must be Uint8Array, got ${typeof value}`);
  }
}

/** The request line or Host header cannot make a URL (the client gets a 400). */
export class BadRequestError extends NodeAdapterError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

/**
 * `request.signal.reason` (and the body's error) when the request body sent no byte for
 * `requestBodyIdleTimeoutMs`; the client gets a 408, or the connection closed once the
 * response started.
 */
export class RequestBodyTimeoutError extends NodeAdapterError {
  constructor(timeoutMs: number) {
    super('REQUEST_BODY_TIMEOUT', `The request body sent no data for ${timeoutMs} ms`);
  }
}

/** The app's `Content-Length` does not match a body it gave in full (the client gets a 500). */
export class ContentLengthMismatchError extends NodeAdapterError {
  constructor(declared: string, actual: number) {
    super(
      'CONTENT_LENGTH_MISMATCH',
      `The response declares Content-Length ${declared} but its body has ${actual} bytes`,
    );
  }
}
