import type { DevMode } from '../types.ts';
import { errorTypeHeader } from './head-check.ts';
import type { ResponseHead } from './response-head.ts';

/**
 * Which AWS front end answers a request, and so how its own errors read: a Function URL
 * (`url`), an API Gateway REST API (`rest`) or an HTTP API (`http`).
 */
export type FrontDoorKind = DevMode | 'http';

export interface ErrorResponse {
  head: ResponseHead;
  body: string;
}

function json(status: number, body: unknown, errorType?: string): ErrorResponse {
  return text(status, JSON.stringify(body), errorType);
}

function text(status: number, body: string, errorType?: string): ErrorResponse {
  const headers: ResponseHead['headers'] = { 'content-type': 'application/json' };
  // The type may come from the function (any string an error document carried): left out when
  // no header can carry it; the log still has it.
  const typeHeader = errorType ? errorTypeHeader(errorType) : undefined;
  if (typeHeader) headers['x-amzn-errortype'] = typeHeader;
  return { head: { status, headers }, body };
}

/**
 * What the front end answers when the function failed before any byte, byte for byte as AWS
 * sends it: a Function URL 502 with the function's error type; REST the 502 of its
 * `DEFAULT_5XX` gateway response (`{"message": "Internal server error"}`, the space included,
 * `x-amzn-ErrorType: InternalServerErrorException`); an HTTP API a 500
 * `{"message":"Internal Server Error"}` without an error type.
 */
export function functionFailed(kind: FrontDoorKind, errorType: string): ErrorResponse {
  if (kind === 'url') return json(502, { Message: 'Internal Server Error' }, errorType);
  if (kind === 'rest') {
    return text(502, '{"message": "Internal server error"}', 'InternalServerErrorException');
  }
  return text(500, '{"message":"Internal Server Error"}');
}

/** Throttled: every runtime slot is busy and no more runtimes may start. */
export function throttled(kind: FrontDoorKind): ErrorResponse {
  return kind === 'url'
    ? json(429, { Message: 'Rate Exceeded.' }, 'TooManyRequestsException')
    : json(429, { message: 'Too Many Requests' }, 'TooManyRequestsException');
}

export function requestTooLarge(kind: FrontDoorKind, limit: number): ErrorResponse {
  const message = `Request must be smaller than ${limit} bytes for the InvokeFunction operation`;
  return kind === 'url'
    ? json(413, { Message: message }, 'RequestEntityTooLargeException')
    : json(413, { message }, 'RequestEntityTooLargeException');
}

/** A request no front end could route: its target is not a path (`OPTIONS *`). */
export function badRequest(kind: FrontDoorKind): ErrorResponse {
  return kind === 'url'
    ? json(400, { Message: 'Bad Request' })
    : json(400, { message: 'Bad Request' });
}

export function serverClosing(kind: FrontDoorKind): ErrorResponse {
  return kind === 'url'
    ? json(503, { Message: 'Service Unavailable' })
    : json(503, { message: 'Service Unavailable' });
}
