// With `overrideGlobalObjects: false` the app gets a native Request, built at once: slower
// than the lightweight one, but nothing outside the package is replaced. Its headers leave out
// the hop-by-hop ones (see hop-by-hop.ts), so `fetch(request)` can forward it.

import type { IncomingMessage } from 'node:http';
import { forwardablePairs } from './hop-by-hop.ts';
import { NativeRequest } from './natives.ts';
import { bodyStream } from './request-body.ts';

export function nativeRequest(
  incoming: IncomingMessage,
  url: string,
  hasBody: boolean,
  signal: AbortSignal,
): Request {
  const method = incoming.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = {
    method,
    headers: forwardablePairs(incoming.rawHeaders),
    signal,
  };
  if (hasBody && method !== 'GET' && method !== 'HEAD') {
    init.body = bodyStream(incoming);
    init.duplex = 'half';
  }
  return new NativeRequest(url, init);
}
