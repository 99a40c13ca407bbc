/** Base class of every error this package throws; match on `code`, which never changes. */
export class LambdaAdapterError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** `streamHandle()` / `handle()` got something they cannot work with (no fetch app, a bad option). */
export class InvalidOptionError extends LambdaAdapterError {
  constructor(message: string) {
    super('INVALID_OPTION', message);
  }
}

/** The event is not one of the sources this package understands. */
export class UnsupportedEventError extends LambdaAdapterError {
  constructor(
    message = 'Unsupported Lambda event: expected a Function URL, API Gateway or ALB event',
  ) {
    super('UNSUPPORTED_EVENT', message);
  }
}

/**
 * The event matched a source but a field has the wrong type or a value AWS would never send
 * (a scheme other than http/https, a host that is not host[:port], invalid base64). Answered as
 * a 400 and logged; `field` names the part of the event, e.g. `requestContext.domainName`.
 */
export class InvalidEventError extends LambdaAdapterError {
  readonly field: string;
  constructor(field: string, problem: string, options?: ErrorOptions) {
    super('INVALID_EVENT', `Invalid event: ${field} ${problem}`, options);
    this.field = field;
  }
}

/** A source that cannot stream (HTTP API v2, ALB) reached `streamHandle()`. */
export class StreamingUnsupportedError extends LambdaAdapterError {
  constructor(source: string) {
    super(
      'STREAMING_UNSUPPORTED_EVENT',
      `${source} events cannot be streamed: AWS buffers these integrations. ` +
        'Use handle(app) for this function, or put it behind a Function URL or an API Gateway ' +
        'REST API with responseTransferMode: STREAM.',
    );
  }
}

/** A buffered result would exceed Lambda's synchronous response limit. */
export class PayloadTooLargeError extends LambdaAdapterError {
  readonly size: number;
  readonly limit: number;
  constructor(size: number, limit: number) {
    super(
      'PAYLOAD_TOO_LARGE',
      `Response is ${size} bytes; Lambda's limit for a buffered response is ${limit} bytes. ` +
        'Fix: stream it with streamHandle(app) (up to 200 MB), or pass ' +
        'handle(app, { overflow: s3Overflow({ client, bucket }) }) (from @sluice/adapter-lambda/s3) ' +
        'to answer with a 303 to S3.',
    );
    this.size = size;
    this.limit = limit;
  }
}

/** The Lambda response stream closed or failed before the body was fully written. */
export class ResponseStreamClosedError extends LambdaAdapterError {
  constructor(cause?: unknown) {
    super('RESPONSE_STREAM_CLOSED', 'The Lambda response stream closed before the body ended', {
      cause,
    });
  }
}

/** The invocation is about to reach its timeout; `request.signal` aborts with this reason. */
export class DeadlineError extends LambdaAdapterError {
  constructor(remainingMs: number) {
    super('DEADLINE', `The Lambda invocation times out in ${remainingMs} ms`);
  }
}
