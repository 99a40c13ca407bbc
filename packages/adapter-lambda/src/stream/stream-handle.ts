// streamHandle(app): a Lambda response-streaming handler for Function URLs and API Gateway REST
// (responseTransferMode: STREAM). Event -> Request -> app -> prelude + body on the response
// stream, with backpressure, request.signal tied to the stream and the deadline, and body
// failures reported through the runtime's error trailers, never as text appended to a 200.
// The invocation ends once the app's waitUntil tasks settle (bounded by the deadline).

import { BackgroundTasks, jsonErrorResponse } from '@sluice/core';
import type { AppLike } from '../app/call-app.ts';
import { DEFAULT_ABORT_MARGIN_MS, InvocationSignal } from '../app/deadline.ts';
import { finishBackgroundTasks } from '../app/execution-context.ts';
import type { OriginSecret } from '../app/origin-guard.ts';
import { createResponder } from '../app/respond.ts';
import { ResponseStreamClosedError, StreamingUnsupportedError } from '../errors.ts';
import { detectSource } from '../events/detect.ts';
import type { LambdaHttpEvent } from '../events/types.ts';
import {
  type LambdaContextLike,
  type ResponseStream,
  resolveAwsLambda,
} from '../runtime/awslambda-compat.ts';
import { toPrelude } from './prelude.ts';
import { ResponseSink } from './sink.ts';

export interface StreamHandleOptions {
  /**
   * Abort `request.signal`, and stop waiting for `waitUntil` tasks, this long before the
   * invocation times out. Default 1000 ms.
   */
  abortMarginMs?: number;
  /** Answer 403 unless this header carries this value (removed before the app sees it). */
  originSecret?: OriginSecret;
}

export type StreamingLambdaHandler = (
  event: unknown,
  responseStream: ResponseStream,
  context: LambdaContextLike,
) => Promise<void>;

type Reader = ReadableStreamDefaultReader<Uint8Array>;

export function streamHandle(
  app: AppLike,
  options: StreamHandleOptions = {},
): StreamingLambdaHandler {
  const respond = createResponder(app, options.originSecret);
  const marginMs = options.abortMarginMs ?? DEFAULT_ABORT_MARGIN_MS;

  const handler: StreamingLambdaHandler = async (input, responseStream, context) => {
    const source = detectSource(input);
    const event = input as LambdaHttpEvent;
    const refusal = source.cannotStream(event);
    if (refusal) throw new StreamingUnsupportedError(refusal);

    const invocation = new InvocationSignal(context, marginMs);
    const tasks = new BackgroundTasks();
    const state: StreamState = { settled: false, reader: undefined };
    const sink = new ResponseSink(responseStream, (error) => {
      if (state.settled) return;
      const reason = new ResponseStreamClosedError(error);
      invocation.abort(reason);
      state.reader?.cancel(reason).catch(() => {});
    });
    try {
      const { response } = await respond(source, event, context, invocation, tasks.context);
      await send(response, sink, state);
    } catch (error) {
      // Rejecting now is what makes the runtime send the error trailers; waitUntil tasks are
      // not waited for then (the client would hang on a dead body until they finish).
      invocation.abort(error);
      throw error;
    } finally {
      state.settled = true;
      invocation.dispose();
    }
    // The body is complete and the stream ended: the client has it all. Only now the tasks.
    await finishBackgroundTasks(tasks, context, marginMs);
  };
  return resolveAwsLambda().streamifyResponse(handler);
}

interface StreamState {
  settled: boolean;
  reader: Reader | undefined;
}

async function send(response: Response, sink: ResponseSink, state: StreamState): Promise<void> {
  const reader = response.body?.getReader() as Reader | undefined;
  state.reader = reader;
  let first: IteratorResult<Uint8Array> | undefined;
  if (reader) {
    try {
      first = await reader.read();
    } catch (error) {
      // Nothing is sent yet, so the status can still say what happened.
      console.error('[sluice] response body failed before its first byte:', error);
      return send(jsonErrorResponse(500, 'INTERNAL_ERROR', 'Internal Server Error'), sink, state);
    }
  }
  // The real and the compat `from` both return the stream they were given, now prelude-aware.
  const out = resolveAwsLambda().HttpResponseStream.from(sink.stream, toPrelude(response));
  // Always one write: it sends the prelude, even for empty bodies (204, 304, HEAD).
  const writable = out.write(first?.done === false ? first.value : '');
  if (reader && first?.done === false) {
    if (writable || (await sink.drained())) await pump(reader, out, sink);
    else await reader.cancel(new ResponseStreamClosedError());
  }
  state.settled = true;
  await sink.end();
}

/** Body -> stream, one chunk in flight: waits for 'drain' whenever `write` says so. */
async function pump(reader: Reader, out: ResponseStream, sink: ResponseSink): Promise<void> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (!out.write(value) && !(await sink.drained())) {
      await reader.cancel(new ResponseStreamClosedError());
      return;
    }
  }
}
