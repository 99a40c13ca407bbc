// Lets only requests carrying a shared secret header through, e.g. a Function URL that should
// be reached only via an API Gateway HTTP_PROXY integration that injects the header. The app
// never sees the secret: not in `request.headers`, not in the raw event it gets as `env.event`.
import { jsonErrorResponse } from '@sluice/core';
import { InvalidOptionError } from '../errors.ts';
import { TOKEN } from '../events/event-fields.ts';
import { toByteString } from '../events/request-parts.ts';
import type { LambdaHttpEvent } from '../events/types.ts';
import { equalsInConstantTime } from './constant-time.ts';

export interface OriginSecret {
  /** Header name the trusted proxy sets. */
  header: string;
  /** Expected value; compared in constant time. */
  value: string;
}

export interface OriginGuard {
  /** A 403 JSON response when the header is missing or wrong; else removes it, undefined. */
  deny(request: Request): Response | undefined;
  /** The event without the secret header, for `env.event`; the event itself is left as is. */
  hideSecret(event: LambdaHttpEvent): LambdaHttpEvent;
}

const encoder = new TextEncoder();
const HTTP_WHITESPACE_AT_ENDS = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const NOT_IN_A_HEADER_VALUE = /[\0\r\n]/;

/**
 * The secret as the request's `Headers` would hold it when the proxy sent exactly this value:
 * trimmed, and non-Latin-1 text as its UTF-8 bytes (how events become requests).
 */
function asHeaderValue(value: string): string {
  return toByteString(value.replace(HTTP_WHITESPACE_AT_ENDS, ''));
}

/** Refuses, at creation, a secret no request could carry or that an empty header would match. */
function checkSecret(secret: OriginSecret): void {
  if (typeof secret?.header !== 'string' || !TOKEN.test(secret.header)) {
    throw new InvalidOptionError('originSecret.header must be a valid HTTP header name');
  }
  if (typeof secret.value !== 'string' || asHeaderValue(secret.value) === '') {
    throw new InvalidOptionError('originSecret needs a header and a non-blank value');
  }
  if (NOT_IN_A_HEADER_VALUE.test(secret.value)) {
    throw new InvalidOptionError('originSecret.value cannot contain NUL, CR or LF');
  }
}

export function createOriginGuard(secret: OriginSecret): OriginGuard {
  checkSecret(secret);
  const expected = encoder.encode(asHeaderValue(secret.value));
  const header = secret.header.toLowerCase();
  return {
    deny(request) {
      const got = request.headers.get(header);
      if (got === null || !equalsInConstantTime(encoder.encode(got), expected)) {
        return jsonErrorResponse(
          403,
          'FORBIDDEN_ORIGIN',
          'Request did not come through the trusted origin',
        );
      }
      request.headers.delete(header);
      return undefined;
    },
    hideSecret(event) {
      const raw = event as { headers?: unknown; multiValueHeaders?: unknown };
      const headers = withoutName(raw.headers, header);
      const multiValueHeaders = withoutName(raw.multiValueHeaders, header);
      if (headers === raw.headers && multiValueHeaders === raw.multiValueHeaders) return event;
      const copy: typeof raw = { ...raw };
      if (headers !== raw.headers) copy.headers = headers;
      if (multiValueHeaders !== raw.multiValueHeaders) copy.multiValueHeaders = multiValueHeaders;
      return copy as LambdaHttpEvent;
    },
  };
}

/** `map` without `name` in any letter case; `map` itself when it has no such key. */
function withoutName(map: unknown, name: string): unknown {
  if (typeof map !== 'object' || map === null) return map;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(map)) {
    if (key.toLowerCase() !== name) continue;
    copy ??= { ...map };
    delete copy[key];
  }
  return copy ?? map;
}
