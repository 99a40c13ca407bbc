// Response headers of an SSE stream. Hop-by-hop headers break HTTP/2 and length/encoding headers
// break streaming, so they are never sent, whatever the app passes.
import type { HeadersInput } from '../http/fetch-types.ts';
import { withoutHopByHop } from '../passthrough/hop-by-hop.ts';

const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/** Headers of a 200 event stream: the app's extras, then the protocol's, minus forbidden ones. */
export function streamHeaders(extra: HeadersInput | undefined): Headers {
  const headers = appHeaders(extra);
  for (const [name, value] of Object.entries(SSE_HEADERS)) headers.set(name, value);
  return headers;
}

/** Headers of a 204 (nothing more to send): the app's extras, e.g. CORS, still apply. */
export function appHeaders(extra: HeadersInput | undefined): Headers {
  const headers = withoutHopByHop(extra ?? []);
  headers.delete('content-encoding');
  headers.delete('content-length');
  headers.set('cache-control', 'no-cache, no-transform');
  return headers;
}
