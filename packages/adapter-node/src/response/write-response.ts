import type { ServerResponse } from 'node:http';
import { type BodyFailure, BodyWriter } from './body-writer.ts';
import { mayHaveBody, toNodeHead } from './node-head.ts';
import { settledBytes } from './settled-body.ts';

export interface WriteOptions {
  /** A HEAD request: send the head only and cancel the body. */
  head: boolean;
  /** Ask the client to close the connection after this response (server shutting down). */
  closeConnection: boolean;
}

/**
 * Sends `response` on `outgoing`. A body that ends at once goes out with a `Content-Length`
 * in one write; any other body gets its headers flushed immediately (before the first chunk,
 * so SSE clients see the response open) and is streamed with backpressure (see `BodyWriter`).
 * Throws when the head is refused. Returns the `BodyWriter` of a streamed body (tell it when
 * the response closes), which calls `fail(error, context)` when the body errors or cannot be
 * written (the body is then cancelled); `fail` decides how to fail the response. Keeps no
 * reference to `response` once streaming (idle SSE streams are many).
 */
export function writeResponse<C>(
  response: Response,
  outgoing: ServerResponse,
  options: WriteOptions,
  fail: BodyFailure<C>,
  context: C,
): BodyWriter<C> | undefined {
  const { status, headers, hasContentLength } = toNodeHead(response, options.closeConnection);
  const body = response.body;
  if (body === null || options.head) {
    body?.cancel().catch(() => {});
    outgoing.writeHead(status, headers);
    outgoing.end();
    return;
  }
  // A body shorter or longer than the app's Content-Length must fail, not hang the client.
  if (hasContentLength) outgoing.strictContentLength = true;
  const knownLength = !hasContentLength && mayHaveBody(status);
  const settled = settledBytes(body);
  if (settled !== undefined) {
    if (knownLength) headers.push('content-length', String(settled.byteLength));
    outgoing.writeHead(status, headers);
    outgoing.end(settled);
    return;
  }
  const head = { status, headers, knownLength };
  const writer = new BodyWriter(body.getReader(), outgoing, head, fail, context);
  writer.start();
  return writer;
}
