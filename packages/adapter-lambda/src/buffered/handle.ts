// handle(app): a buffered Lambda handler for API Gateway REST (v1), HTTP API (v2), ALB and
// Function URLs in BUFFERED mode. The result never exceeds Lambda's 6 MB payload limit: a larger
// one goes to the overflow strategy (e.g. S3 + 303) or becomes a clear 500 JSON error.

import { BackgroundTasks, jsonErrorResponse } from '@sluice/core';
import type { AppLike } from '../app/call-app.ts';
import { DEFAULT_ABORT_MARGIN_MS, InvocationSignal } from '../app/deadline.ts';
import { finishBackgroundTasks } from '../app/execution-context.ts';
import type { OriginSecret } from '../app/origin-guard.ts';
import { createResponder } from '../app/respond.ts';
import { PayloadTooLargeError } from '../errors.ts';
import { detectSource } from '../events/detect.ts';
import type { EventSource, LambdaHttpEvent, LambdaHttpResult } from '../events/types.ts';
import { splitHeaders } from '../response/headers.ts';
import type { LambdaContextLike } from '../runtime/awslambda-compat.ts';
import { defaultIsBinary, encodeBody, type IsBinary } from './encode-body.ts';
import type { OverflowHandler } from './overflow.ts';
import { concatBody, countBytes, readBounded } from './read-body.ts';
import { MAX_RESULT_BYTES, oversize } from './result-size.ts';

export interface HandleOptions {
  /** Whether a Content-Type must be sent base64. Default: all but textual types. */
  isBinary?: IsBinary;
  /** What to do with a result over the limit, e.g. `s3Overflow(...)`. Default: 500 JSON. */
  overflow?: OverflowHandler;
  /** Serialized result limit in bytes. Default 6 MiB (Lambda's synchronous limit). */
  maxResultBytes?: number;
  /**
   * Abort `request.signal`, and stop waiting for `waitUntil` tasks, this long before the
   * invocation times out. Default 1000 ms.
   */
  abortMarginMs?: number;
  /** Answer 403 unless this header carries this value (removed before the app sees it). */
  originSecret?: OriginSecret;
}

export type BufferedLambdaHandler = (
  event: unknown,
  context?: LambdaContextLike,
) => Promise<LambdaHttpResult>;

interface Settings {
  isBinary: IsBinary;
  overflow: OverflowHandler | undefined;
  limit: number;
}

export function handle(app: AppLike, options: HandleOptions = {}): BufferedLambdaHandler {
  const respond = createResponder(app, options.originSecret);
  const marginMs = options.abortMarginMs ?? DEFAULT_ABORT_MARGIN_MS;
  const settings: Settings = {
    isBinary: options.isBinary ?? defaultIsBinary,
    overflow: options.overflow,
    limit: options.maxResultBytes ?? MAX_RESULT_BYTES,
  };
  return async (input, context) => {
    const source = detectSource(input);
    const event = input as LambdaHttpEvent;
    const invocation = new InvocationSignal(context, marginMs);
    const tasks = new BackgroundTasks();
    let result: LambdaHttpResult;
    try {
      const { request, response } = await respond(
        source,
        event,
        context,
        invocation,
        tasks.context,
      );
      result = await toResult({ source, event, request, settings }, response);
    } finally {
      invocation.dispose();
    }
    // Lambda sends a buffered result when the handler returns: the client waits for these.
    await finishBackgroundTasks(tasks, context, marginMs);
    return result;
  };
}

/** One event being answered: everything but the response itself. */
interface Answer {
  source: EventSource;
  event: LambdaHttpEvent;
  request: Request | undefined;
  settings: Settings;
}

async function toResult(answer: Answer, response: Response): Promise<LambdaHttpResult> {
  const { source, event, settings } = answer;
  let body: Awaited<ReturnType<typeof readBounded>>;
  try {
    body = await readBounded(response.body, settings.limit);
  } catch (error) {
    console.error('[sluice] response body failed:', error);
    return toResult(answer, jsonErrorResponse(500, 'INTERNAL_ERROR', 'Internal Server Error'));
  }
  if (!body.complete) {
    return overflow(answer, response, concatBody(body.head, body.rest), undefined);
  }
  const { headers, cookies } = splitHeaders(response.headers);
  const encoded = encodeBody(body.bytes, response.headers, settings.isBinary);
  const result = source.toResult(event, { status: response.status, headers, cookies, ...encoded });
  const size = oversize(result, settings.limit);
  if (size === undefined) return result;
  return overflow(answer, response, [body.bytes], size);
}

/** A result over the limit: the overflow strategy's answer, else a 500 that says why. */
async function overflow(
  answer: Answer,
  response: Response,
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number | undefined,
): Promise<LambdaHttpResult> {
  const { request, settings } = answer;
  // The replacement is small; should it not be, it must not overflow again.
  const final: Answer = { ...answer, settings: { ...settings, overflow: undefined } };
  if (settings.overflow && request) {
    let replacement: Response;
    try {
      replacement = await settings.overflow({ response, body: toAsync(body), request });
    } catch (error) {
      console.error('[sluice] overflow failed:', error);
      replacement = jsonErrorResponse(
        500,
        'OVERFLOW_FAILED',
        'The response was too large to return',
      );
    }
    return toResult(final, replacement);
  }
  const total = size ?? (await countBytes(toAsync(body)).catch(() => Number.NaN));
  const error = new PayloadTooLargeError(total, settings.limit);
  console.error(`[sluice] ${error.message}`);
  const reply = jsonErrorResponse(500, error.code, error.message, {
    details: { size: total, limit: settings.limit },
  });
  return toResult(final, reply);
}

async function* toAsync(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
  yield* body;
}
