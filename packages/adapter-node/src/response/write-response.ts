import type { ServerResponse } from 'node:http';
import { mayHaveBody, toNodeHead } from './node-head.ts';
import { pumpBody, toChunk } from './pump-body.ts';

export interface WriteOptions {
  /** A HEAD request: send the head only and cancel the body. */
  head: boolean;
  /** Ask the client to close the connection after this response (server shutting down). */
  closeConnection: boolean;
}

const NOT_YET = Symbol('not yet');

// A body built from a string or bytes yields its chunk and its end within one microtask; a
// stream that has nothing yet (SSE) does not. Three ticks tell the two apart without a timer.
function peek<T>(promise: Promise<T>): Promise<T | typeof NOT_YET> {
  return Promise.race([promise, Promise.resolve().then(() => Promise.resolve(NOT_YET))]);
}

/**
 * Sends `response` on `outgoing`. A body that ends at once goes out with a `Content-Length`
 * in one write; any other body gets its headers flushed immediately (before the first chunk,
 * so SSE clients see the response open) and is streamed with backpressure. Rejects when the
 * body errors or cannot be written (the body is then cancelled); the caller decides how to
 * fail the response. Not `async`: once streaming, only the pump's frame stays in memory
 * (idle SSE streams are many), not the `Response` or the frames that led there.
 */
export function writeResponse(
  response: Response,
  outgoing: ServerResponse,
  options: WriteOptions,
): Promise<void> {
  const { status, headers, hasContentLength } = toNodeHead(response, options.closeConnection);
  const body = response.body;
  if (body === null || options.head) {
    body?.cancel().catch(() => {});
    outgoing.writeHead(status, headers);
    outgoing.end();
    return Promise.resolve();
  }
  // A body shorter or longer than the app's Content-Length must fail, not hang the client.
  if (hasContentLength) outgoing.strictContentLength = true;
  const reader = body.getReader();
  return writeBody(reader, outgoing, status, headers, hasContentLength).catch((error: unknown) => {
    reader.cancel(error).catch(() => {});
    throw error;
  });
}

async function writeBody(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  outgoing: ServerResponse,
  status: number,
  headers: string[],
  hasContentLength: boolean,
): Promise<void> {
  const firstRead = reader.read();
  const first = await peek(firstRead);
  if (first === NOT_YET) {
    outgoing.writeHead(status, headers);
    outgoing.flushHeaders();
    return pumpBody(reader, outgoing, firstRead);
  }
  const knownLength = !hasContentLength && mayHaveBody(status);
  if (first.done) {
    if (knownLength) headers.push('content-length', '0');
    outgoing.writeHead(status, headers);
    outgoing.end();
    return;
  }
  const chunk = toChunk(first.value);
  const secondRead = reader.read();
  const second = await peek(secondRead);
  if (second !== NOT_YET && second.done) {
    if (knownLength) headers.push('content-length', String(chunk.byteLength));
    outgoing.writeHead(status, headers);
    outgoing.end(chunk);
    return;
  }
  outgoing.writeHead(status, headers);
  outgoing.write(chunk);
  return pumpBody(reader, outgoing, secondRead);
}
