// Response headers as Lambda wants them: single strings, cookies apart, no hop-by-hop headers.

import { isHopByHopHeader } from '@sluice/core';

export interface SplitHeaders {
  /** Lower-case names; repeated values already joined with `, ` by `Headers`. */
  headers: Record<string, string>;
  /** Every `Set-Cookie` value, in order, never joined. */
  cookies: string[];
}

/** Drops hop-by-hop headers and `Content-Length`, which AWS sets itself. */
export function splitHeaders(source: Headers): SplitHeaders {
  const headers: Record<string, string> = {};
  let hasCookies = false;
  source.forEach((value, name) => {
    if (name === 'set-cookie') hasCookies = true;
    else if (name !== 'content-length' && !isHopByHopHeader(name)) headers[name] = value;
  });
  return { headers, cookies: hasCookies ? source.getSetCookie() : [] };
}
