/** Base class of the errors `@sluice/core/node` throws; match on `code`, which never changes. */
export class UpstreamError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The upstream could not be reached or broke the connection before sending response headers. */
export class UpstreamUnreachableError extends UpstreamError {
  constructor(url: string, cause?: unknown) {
    super('UPSTREAM_UNREACHABLE', `Upstream ${url} could not be reached`, { cause });
  }
}

/** Connecting to the upstream, or waiting for its response headers, took too long. */
export class UpstreamTimeoutError extends UpstreamError {
  constructor(url: string, cause?: unknown) {
    super('UPSTREAM_TIMEOUT', `Upstream ${url} did not answer in time`, { cause });
  }
}

/** `proxy()` was asked to reach an origin that is not in its `allow` list. */
export class TargetNotAllowedError extends UpstreamError {
  constructor(origin: string) {
    super('PROXY_TARGET_NOT_ALLOWED', `Proxy target ${origin} is not in the allow list`);
  }
}
