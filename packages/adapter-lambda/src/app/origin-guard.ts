// Lets only requests carrying a shared secret header through, e.g. a Function URL that should
// be reached only via an API Gateway HTTP_PROXY integration that injects the header.

import { jsonErrorResponse } from '@sluice/core';
import { InvalidOptionError } from '../errors.ts';
import { toByteString } from '../events/request-parts.ts';
import { equalsInConstantTime } from './constant-time.ts';

export interface OriginSecret {
  /** Header name the trusted proxy sets. */
  header: string;
  /** Expected value; compared in constant time. */
  value: string;
}

const encoder = new TextEncoder();
const HTTP_WHITESPACE_AT_ENDS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * The secret as the request's `Headers` would hold it when the proxy sent exactly this value:
 * trimmed, and non-Latin-1 text as its UTF-8 bytes (how events become requests).
 */
function asHeaderValue(value: string): string {
  return toByteString(value.replace(HTTP_WHITESPACE_AT_ENDS, ''));
}

/**
 * Returns a check that answers 403 JSON when the header is missing or wrong, and otherwise
 * deletes the header so the app never sees the secret.
 */
export function createOriginGuard(
  secret: OriginSecret,
): (request: Request) => Response | undefined {
  if (!secret.header || !secret.value)
    throw new InvalidOptionError('originSecret needs a header and a value');
  const expected = encoder.encode(asHeaderValue(secret.value));
  const header = secret.header.toLowerCase();
  return (request) => {
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
  };
}
