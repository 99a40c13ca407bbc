// The `awslambda` global as aws-lambda-ric 4.x installs it (dist/utils/globals.js,
// dist/stream/http-response-stream.js, dist/stream/response-stream.js). One implementation for:
// the adapter when the global is missing (tests, custom runtimes), and the dev server's
// in-process runtime, which installs it as the global. What it mirrors:
// - `streamifyResponse` tags the handler with the `Symbol.for` keys the client looks for;
// - `HttpResponseStream.from` sets the integration content type (when the stream can) and
//   leaves `JSON.stringify(prelude)` + 8 NUL bytes in `_onBeforeFirstWrite`;
// - the client's response stream runs `_onBeforeFirstWrite` right before its first `write()`
//   (`hookFirstWrite`; `from` adds it to any Writable that lacks it). Only `write()` triggers
//   it: `end(chunk)` without a prior `write()` sends no prelude, so callers must `write('')`.

import type { Writable } from 'node:stream';
import {
  HANDLER_HIGHWATERMARK,
  HANDLER_STREAMING,
  PRELUDE_CONTENT_TYPE,
  PRELUDE_DELIMITER_LENGTH,
  STREAM_RESPONSE,
} from './protocol.ts';

/** The prelude of a streamed HTTP integration response. */
export interface HttpResponsePrelude {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

/**
 * What a streaming handler receives: the real client's wrapper around its `http.ClientRequest`,
 * or any Node `Writable` (in tests and in-process runtimes). `setContentType` exists only on a
 * runtime's stream.
 */
export type ResponseStream = Writable & {
  setContentType?: (contentType: string) => void;
};

export interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
}

export interface StreamifyOptions {
  highWaterMark?: number;
}

/** Same as the real `awslambda.streamifyResponse`: tags and returns the very same function. */
export function streamifyResponse<H extends (...args: never[]) => unknown>(
  handler: H,
  options?: StreamifyOptions,
): H {
  const tagged = handler as unknown as Record<symbol, unknown>;
  tagged[HANDLER_STREAMING] = STREAM_RESPONSE;
  if (typeof options?.highWaterMark === 'number') {
    tagged[HANDLER_HIGHWATERMARK] = Number.parseInt(String(options.highWaterMark), 10);
  }
  return handler;
}

type WriteFn = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;
/** Writes bytes to the stream without running the first-write hook again. */
export type RawWrite = (chunk: string | Uint8Array) => unknown;

/** A response stream with aws-lambda-ric's first-write hook. */
interface FirstWriteHooked {
  write: WriteFn;
  _onBeforeFirstWrite?: ((write: RawWrite) => void) | undefined;
}

/**
 * Gives `stream` the contract of aws-lambda-ric's response stream: its first `write()` first
 * runs `_onBeforeFirstWrite(rawWrite)` (where `HttpResponseStream.from` leaves the prelude).
 * After that call the stream has its own `write` back, so later writes cost nothing extra.
 */
export function hookFirstWrite(stream: object): void {
  const target = stream as FirstWriteHooked;
  if (!('_onBeforeFirstWrite' in target)) target._onBeforeFirstWrite = undefined;
  const originalWrite = target.write;
  const rawWrite: RawWrite = (chunk) => originalWrite.call(stream, chunk);
  target.write = function writeAfterHook(chunk, encoding, callback) {
    // Assigned back, not deleted: `delete` would drop the stream into slow dictionary mode.
    target.write = originalWrite;
    target._onBeforeFirstWrite?.(rawWrite);
    return originalWrite.call(stream, chunk, encoding, callback);
  };
}

/** Same contract as the real `awslambda.HttpResponseStream`. */
// biome-ignore lint/complexity/noStaticOnlyClass: mirrors the runtime's class of the same name.
export class HttpResponseStream {
  static from<S extends ResponseStream>(underlyingStream: S, prelude: HttpResponsePrelude): S {
    underlyingStream.setContentType?.(PRELUDE_CONTENT_TYPE);
    // A runtime's stream (aws-lambda-ric, the in-process runtime) runs the hook itself.
    if (!('_onBeforeFirstWrite' in underlyingStream)) hookFirstWrite(underlyingStream);
    const metadataPrelude = JSON.stringify(prelude);
    (underlyingStream as unknown as FirstWriteHooked)._onBeforeFirstWrite = (write) => {
      write(metadataPrelude);
      write(new Uint8Array(PRELUDE_DELIMITER_LENGTH));
    };
    return underlyingStream;
  }
}

/** The `awslambda` namespace: the real global when present, else this compatible one. */
export interface AwsLambdaGlobal {
  streamifyResponse: typeof streamifyResponse;
  HttpResponseStream: { from: typeof HttpResponseStream.from };
}

export const awslambdaCompat: AwsLambdaGlobal = { streamifyResponse, HttpResponseStream };

/**
 * The runtime's `awslambda` global if installed (aws-lambda-ric, AWS), else the compat one.
 * A global without `streamifyResponse` is not the runtime's: the AWS SDK's
 * `@aws/lambda-invoke-store` creates `globalThis.awslambda = { InvokeStore }` wherever it loads.
 */
export function resolveAwsLambda(): AwsLambdaGlobal {
  const candidate = (globalThis as { awslambda?: Partial<AwsLambdaGlobal> }).awslambda;
  return typeof candidate?.streamifyResponse === 'function' &&
    typeof candidate.HttpResponseStream?.from === 'function'
    ? (candidate as AwsLambdaGlobal)
    : awslambdaCompat;
}
