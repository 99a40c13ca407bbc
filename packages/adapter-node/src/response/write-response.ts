import type { ServerResponse } from 'node:http';
import { ContentLengthMismatchError } from '../errors.ts';
import {
  type FastBody,
  isFastResponse,
  kBody,
  kHeaderList,
  kHeaders,
  kNative,
  kStatus,
  kStatusText,
} from '../web/fast-response.ts';
import { type BodyFailure, BodyWriter } from './body-writer.ts';
import { headerListOf, mayHaveBody, toNodeHead } from './node-head.ts';
import { settledBytes } from './settled-body.ts';

export interface WriteOptions {
  /** A HEAD request: send the head only and cancel the body. */
  head: boolean;
  /** Ask the client to close the connection after this response (server shutting down). */
  closeConnection: boolean;
}

/** What is sent: the parts of a FastResponse, or those read from a native Response. */
interface Parts {
  status: number;
  statusText: string;
  list: readonly string[] | undefined;
  body: FastBody;
}

function partsOf(response: Response): Parts {
  const fast = isFastResponse(response);
  if (fast && response[kNative] === undefined) {
    const headers = response[kHeaders];
    return {
      status: response[kStatus],
      statusText: response[kStatusText],
      list: headers === undefined ? response[kHeaderList] : headerListOf(headers),
      body: response[kBody],
    };
  }
  const native = fast ? response[kNative]! : response;
  const body = native.body;
  return {
    status: native.status,
    statusText: native.statusText,
    list: headerListOf(native.headers),
    // A body the Response constructor built in memory, taken without a reader.
    body: body === null ? null : (settledBytes(body) ?? body),
  };
}

function writeHead(outgoing: ServerResponse, parts: Parts, headers: string[]): void {
  if (parts.statusText === '') outgoing.writeHead(parts.status, headers);
  else outgoing.writeHead(parts.status, parts.statusText, headers);
}

const cancel = (body: FastBody) => {
  // A Blob, a string or bytes hold nothing open.
  if (body instanceof ReadableStream) body.cancel().catch(() => {});
};

/**
 * Sends `response` on `outgoing`. A body known in full (a string, bytes, or a stream the
 * Response constructor filled) goes out with a `Content-Length` in one write; any other body
 * gets its headers flushed immediately (before the first chunk, so SSE clients see the
 * response open) and is streamed with backpressure (see `BodyWriter`). Throws when the head is
 * refused or the app's Content-Length contradicts a body known in full; nothing was sent then.
 * Returns the `BodyWriter` of a streamed body (tell it when the response closes), which calls
 * `fail(error, context)` when the body errors or cannot be written (the body is then
 * cancelled). Keeps no reference to `response` once streaming (idle SSE streams are many).
 * A response the app already sent itself through `env.outgoing` is left alone.
 */
export function writeResponse<C>(
  response: Response,
  outgoing: ServerResponse,
  options: WriteOptions,
  fail: BodyFailure<C>,
  context: C,
): BodyWriter<C> | undefined {
  const parts = partsOf(response);
  const body = parts.body;
  if (outgoing.headersSent || outgoing.writableEnded || outgoing.destroyed) {
    cancel(body);
    return;
  }
  const { headers, contentLength } = toNodeHead(parts.list, options.closeConnection);
  if (body === null) {
    writeHead(outgoing, parts, headers);
    outgoing.end();
    return;
  }
  const knownLength = contentLength === undefined && mayHaveBody(parts.status);
  if (body instanceof Blob)
    return writeBlob(body, outgoing, parts, headers, contentLength, options, fail, context);
  if (!(body instanceof ReadableStream)) {
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    if (contentLength !== undefined && contentLength.trim() !== String(length))
      throw new ContentLengthMismatchError(contentLength, length);
    if (knownLength) headers.push('content-length', String(length));
    writeHead(outgoing, parts, headers);
    if (options.head) outgoing.end();
    else outgoing.end(body);
    return;
  }
  if (options.head) {
    cancel(body);
    writeHead(outgoing, parts, headers);
    outgoing.end();
    return;
  }
  // A body shorter or longer than the app's Content-Length must fail, not hang the client.
  if (contentLength !== undefined) outgoing.strictContentLength = true;
  const head = { status: parts.status, statusText: parts.statusText, headers, knownLength };
  const writer = new BodyWriter(body.getReader(), outgoing, head, fail, context);
  writer.start();
  return writer;
}

/** A Blob's size is known: it goes out with that Content-Length, its bytes streamed. */
function writeBlob<C>(
  blob: Blob,
  outgoing: ServerResponse,
  parts: Parts,
  headers: string[],
  contentLength: string | undefined,
  options: WriteOptions,
  fail: BodyFailure<C>,
  context: C,
): BodyWriter<C> | undefined {
  if (contentLength !== undefined && contentLength.trim() !== String(blob.size))
    throw new ContentLengthMismatchError(contentLength, blob.size);
  if (contentLength === undefined && mayHaveBody(parts.status))
    headers.push('content-length', String(blob.size));
  if (options.head || blob.size === 0) {
    writeHead(outgoing, parts, headers);
    outgoing.end();
    return;
  }
  outgoing.strictContentLength = true;
  const head = { status: parts.status, statusText: parts.statusText, headers, knownLength: false };
  const writer = new BodyWriter(blob.stream().getReader(), outgoing, head, fail, context);
  writer.start();
  return writer;
}
