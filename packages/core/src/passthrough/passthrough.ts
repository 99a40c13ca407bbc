import type { HeadersInput } from '../http/fetch-types.ts';
import { withoutHopByHop } from './hop-by-hop.ts';

export interface PassthroughInit {
  /** Replaces the upstream status. */
  status?: number;
  /** Replaces the upstream status text. */
  statusText?: string;
  /** Set on top of the filtered upstream headers (same name replaces). */
  headers?: HeadersInput;
  /**
   * The outgoing transport sends the body chunked (e.g. Lambda response streaming), so
   * `Content-Length` is dropped: a length next to chunked framing makes gateways answer 502.
   * Leave it `false` (the default) when the body goes out as is with a known length
   * (`@sluice/adapter-node` then writes a fixed-length response).
   */
  chunked?: boolean;
}

/**
 * Forwards `upstream` unchanged: same status, headers and body bytes (`Content-Encoding`
 * included, nothing is decoded or re-encoded), minus hop-by-hop headers. The body stream is
 * handed over, not copied; cancelling the returned body cancels the upstream body.
 */
export function passthrough(upstream: Response, init: PassthroughInit = {}): Response {
  if (upstream.bodyUsed) throw new TypeError('passthrough: the upstream body was already read');
  const headers = withoutHopByHop(upstream.headers);
  if (init.chunked) headers.delete('content-length');
  if (init.headers !== undefined) {
    const extra = new Headers(init.headers);
    for (const name of extra.keys()) headers.delete(name);
    for (const [name, value] of extra) headers.append(name, value);
  }
  const responseInit: ResponseInit & { encodeBody?: 'manual' } = {
    status: init.status ?? upstream.status,
    statusText: init.statusText ?? upstream.statusText,
    headers,
  };
  // workerd otherwise decodes and re-encodes a body that carries Content-Encoding; other
  // runtimes ignore the field.
  if (headers.has('content-encoding')) responseInit.encodeBody = 'manual';
  return new Response(upstream.body, responseInit);
}
