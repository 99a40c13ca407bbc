// A stand-in for the `awslambda` global that aws-lambda-ric 4.x installs (dist/utils/globals.js,
// dist/stream/http-response-stream.js). Used when the global is missing: tests, custom runtimes,
// the dev server's in-process runtime. It mirrors the real client's observable behaviour:
// - `streamifyResponse` tags the handler with the same `Symbol.for` keys the client looks for;
// - `HttpResponseStream.from` sets the integration content type (when the stream can) and
//   writes `JSON.stringify(prelude)` + 8 NUL bytes right before the first `write()`.
//   Like the real client, only `write()` triggers the prelude: `end(chunk)` without a prior
//   `write()` sends no prelude, so callers must `write('')` first.

import type { Writable } from 'node:stream';

export const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
export const HANDLER_HIGHWATERMARK = Symbol.for(
  'aws.lambda.runtime.handler.streaming.highWaterMark',
);
export const STREAM_RESPONSE = 'response';
export const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
export const PRELUDE_DELIMITER_LENGTH = 8;

/** The prelude of a streamed HTTP integration response. */
export interface HttpResponsePrelude {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

/**
 * What a streaming handler receives: the real client's wrapper around its `http.ClientRequest`,
 * or any Node `Writable` (in tests and in-process runtimes). `setContentType` exists only on the
 * real client's stream.
 */
export type ResponseStream = Writable & {
  setContentType?: (contentType: string) => void;
};

export interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
}

export type StreamingHandler<E = unknown, C = LambdaContextLike> = (
  event: E,
  responseStream: ResponseStream,
  context: C,
) => Promise<void>;

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

/** Same contract as the real `awslambda.HttpResponseStream`. */
// biome-ignore lint/complexity/noStaticOnlyClass: mirrors the runtime's class of the same name.
export class HttpResponseStream {
  static from<S extends ResponseStream>(underlyingStream: S, prelude: HttpResponsePrelude): S {
    underlyingStream.setContentType?.(PRELUDE_CONTENT_TYPE);
    const metadataPrelude = JSON.stringify(prelude);
    const target = underlyingStream as unknown as { write: WriteFn };
    const originalWrite = target.write;
    target.write = function writeWithPrelude(chunk, encoding, callback) {
      // Assigned back, not deleted: `delete` would drop the stream into slow dictionary mode.
      target.write = originalWrite;
      originalWrite.call(underlyingStream, metadataPrelude);
      originalWrite.call(underlyingStream, new Uint8Array(PRELUDE_DELIMITER_LENGTH));
      return originalWrite.call(underlyingStream, chunk, encoding, callback);
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

/** The runtime's `awslambda` global if installed (aws-lambda-ric, AWS), else the compat one. */
export function resolveAwsLambda(): AwsLambdaGlobal {
  return (globalThis as { awslambda?: AwsLambdaGlobal }).awslambda ?? awslambdaCompat;
}
