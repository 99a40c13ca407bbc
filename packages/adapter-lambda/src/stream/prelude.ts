import { splitHeaders } from '../response/headers.ts';
import type { HttpResponsePrelude } from '../runtime/awslambda-compat.ts';

/** `{ statusCode, headers, cookies }` for `HttpResponseStream.from`; the body stays untouched. */
export function toPrelude(response: Response): Required<HttpResponsePrelude> {
  const { headers, cookies } = splitHeaders(response.headers);
  return { statusCode: response.status, headers, cookies };
}
