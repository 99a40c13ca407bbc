import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../read-body.ts';
import { answerRuntime } from '../relay/stream-relay.ts';
import { failWhenCutShort, responseTooLarge } from '../runtime-api/cut-short.ts';
import type { Invocation } from '../runtime-api/invocation.ts';
import { isStreamedPost, trailerError } from '../runtime-api/response-post.ts';

/** Response size caps: a streamed response (200 MB on Lambda), a buffered one (6 MB). */
export interface RawResponseLimits {
  streamed: number;
  buffered: number;
}

/** Where the raw bytes of a runtime's response go (an Invoke API caller's side). */
export interface RawResponseTarget {
  /** The response starts: its content type, before any byte. */
  begin(contentType: string): void;
  /** false = wait for `onDrain` before writing more. */
  write(chunk: Buffer): boolean;
  onDrain(callback: () => void): void;
}

const WHOLE_SLICE_BYTES = 64 * 1024;

/**
 * Passes a runtime's response to `target` byte for byte: no prelude or proxy interpretation
 * (the Invoke APIs return what the function wrote). A streamed body is paused while the
 * target is full, so nothing piles up here; past its limit the invocation fails.
 */
export function receiveRawResponse(
  req: IncomingMessage,
  res: ServerResponse,
  invocation: Invocation,
  target: RawResponseTarget,
  limits: RawResponseLimits,
): Promise<void> | undefined {
  const contentType = req.headers['content-type'] ?? 'application/octet-stream';
  if (isStreamedPost(req)) {
    receiveStream(req, res, invocation, target, limits.streamed, contentType);
    return;
  }
  return receiveWhole(req, res, invocation, target, limits.buffered, contentType);
}

function receiveStream(
  req: IncomingMessage,
  res: ServerResponse,
  invocation: Invocation,
  target: RawResponseTarget,
  limit: number,
  contentType: string,
): void {
  let bytes = 0;
  target.begin(contentType);
  req.on('data', (chunk: Buffer) => {
    if (invocation.settled) return; // drained and dropped
    bytes += chunk.length;
    if (bytes > limit) return invocation.settle({ kind: 'error', error: responseTooLarge(limit) });
    if (target.write(chunk)) return;
    req.pause();
    target.onDrain(() => req.resume());
  });
  req.once('end', () => {
    answerRuntime(res, 202, { status: 'OK' });
    const error = trailerError(req);
    invocation.settle(error ? { kind: 'error', error } : { kind: 'ok' });
  });
  failWhenCutShort(req, invocation);
}

async function receiveWhole(
  req: IncomingMessage,
  res: ServerResponse,
  invocation: Invocation,
  target: RawResponseTarget,
  limit: number,
  contentType: string,
): Promise<void> {
  let read: Awaited<ReturnType<typeof readBody>>;
  try {
    read = await readBody(req, limit);
  } catch {
    return; // the runtime went away; its exit settles the invocation
  }
  if (read.overflow) {
    answerRuntime(res, 413, {
      errorMessage: `Exceeded maximum allowed payload size (${limit} bytes).`,
      errorType: 'RequestEntityTooLarge',
    });
    invocation.settle({ kind: 'error', error: responseTooLarge(limit) });
    return;
  }
  answerRuntime(res, 202, { status: 'OK' });
  target.begin(contentType);
  // In slices, as a stream would carry it; at most the buffered cap is held here anyway.
  for (let at = 0; at < read.body.length; at += WHOLE_SLICE_BYTES) {
    target.write(read.body.subarray(at, at + WHOLE_SLICE_BYTES));
  }
  invocation.settle({ kind: 'ok' });
}
