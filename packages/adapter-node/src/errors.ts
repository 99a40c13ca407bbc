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
