// What streamHandle() and handle() share: event -> Request -> origin guard -> app -> Response.

import { jsonErrorResponse } from '@sluice/core';
import { InvalidEventError, LambdaAdapterError } from '../errors.ts';
import type { SignalSource } from '../events/request-parts.ts';
import type { EventSource, LambdaHttpEvent } from '../events/types.ts';
import { type AppLike, callApp, type LambdaEnv, toFetch } from './call-app.ts';
import type { LambdaExecutionContext } from './execution-context.ts';
import { createOriginGuard, type OriginSecret } from './origin-guard.ts';

export interface Exchange {
  /** Undefined when the event could not be read as a request (the response is then a 400). */
  request: Request | undefined;
  response: Response;
}

export type Responder = (
  source: EventSource,
  event: LambdaHttpEvent,
  context: unknown,
  signals: SignalSource,
  executionCtx: LambdaExecutionContext,
) => Promise<Exchange>;

/**
 * Calls `app` for one event; never throws for an event the source matched. An event that cannot
 * be read as a request is a 400, logged with the typed error that says which field is wrong.
 */
export function createResponder(app: AppLike, originSecret?: OriginSecret): Responder {
  const fetch = toFetch(app);
  const guard = originSecret ? createOriginGuard(originSecret) : undefined;
  return async (source, event, context, signals, executionCtx) => {
    let request: Request;
    try {
      request = source.toRequest(event, signals);
    } catch (error) {
      console.error('[sluice] could not read the event as a request:', asTyped(error));
      const response = jsonErrorResponse(400, 'BAD_REQUEST', 'The request could not be read');
      return { request: undefined, response };
    }
    const denied = guard?.deny(request);
    if (denied) return { request, response: denied };
    const env: LambdaEnv = {
      event: guard ? guard.hideSecret(event) : event,
      context,
      requestContext: event.requestContext,
    };
    return { request, response: await callApp(fetch, request, env, executionCtx) };
  };
}

/** Sources throw InvalidEventError; anything else (a bug, a getter that throws) is wrapped. */
function asTyped(error: unknown): LambdaAdapterError {
  if (error instanceof LambdaAdapterError) return error;
  return new InvalidEventError('event', 'cannot be read as a request', { cause: error });
}
