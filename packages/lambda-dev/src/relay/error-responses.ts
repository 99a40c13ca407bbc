import type { DevMode } from '../types.ts';
import { errorTypeHeader } from './head-check.ts';
import type { ResponseHead } from './response-head.ts';

export interface ErrorResponse {
  head: ResponseHead;
  body: string;
}

function json(status: number, body: unknown, errorType?: string): ErrorResponse {
  const headers: ResponseHead['headers'] = { 'content-type': 'application/json' };
  // The type comes from the function (any string an error document carried): left out when no
  // header can carry it; the log still has it.
  const typeHeader = errorType ? errorTypeHeader(errorType) : undefined;
  if (typeHeader) headers['x-amzn-errortype'] = typeHeader;
  return { head: { status, headers }, body: JSON.stringify(body) };
}

/** What a Function URL / REST API answers when the function failed before any byte. */
export function functionFailed(mode: DevMode, errorType: string): ErrorResponse {
  return mode === 'url'
    ? json(502, { Message: 'Internal Server Error' }, errorType)
    : json(502, { message: 'Internal server error' }, errorType);
}

/** Throttled: every runtime slot is busy and no more runtimes may start. */
export function throttled(mode: DevMode): ErrorResponse {
  return mode === 'url'
    ? json(429, { Message: 'Rate Exceeded.' }, 'TooManyRequestsException')
    : json(429, { message: 'Too Many Requests' }, 'TooManyRequestsException');
}

export function requestTooLarge(mode: DevMode, limit: number): ErrorResponse {
  const message = `Request must be smaller than ${limit} bytes for the InvokeFunction operation`;
  return mode === 'url'
    ? json(413, { Message: message }, 'RequestEntityTooLargeException')
    : json(413, { message }, 'RequestEntityTooLargeException');
}

/** A request no Function URL could route: its target is not a path (`OPTIONS *`). */
export function badRequest(mode: DevMode): ErrorResponse {
  return mode === 'url'
    ? json(400, { Message: 'Bad Request' })
    : json(400, { message: 'Bad Request' });
}

export function serverClosing(mode: DevMode): ErrorResponse {
  return mode === 'url'
    ? json(503, { Message: 'Service Unavailable' })
    : json(503, { message: 'Service Unavailable' });
}
