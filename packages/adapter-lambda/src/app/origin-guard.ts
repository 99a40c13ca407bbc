// Lets only requests carrying a shared secret header through, e.g. a Function URL that should
// be reached only via an API Gateway HTTP_PROXY integration that injects the header.

import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidOptionError } from '../errors.ts';
import { jsonError } from './json-error.ts';

export interface OriginSecret {
  /** Header name the trusted proxy sets. */
  header: string;
  /** Expected value; compared in constant time. */
  value: string;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Returns a check that answers 403 JSON when the header is missing or wrong, and otherwise
 * deletes the header so the app never sees the secret.
 */
export function createOriginGuard(
  secret: OriginSecret,
): (request: Request) => Response | undefined {
  if (!secret.header || !secret.value)
    throw new InvalidOptionError('originSecret needs a header and a value');
  const expected = digest(secret.value);
  const header = secret.header.toLowerCase();
  return (request) => {
    const got = request.headers.get(header);
    if (got === null || !timingSafeEqual(digest(got), expected)) {
      return jsonError(403, 'FORBIDDEN_ORIGIN', 'Request did not come through the trusted origin');
    }
    request.headers.delete(header);
    return undefined;
  };
}
