import { type FetchApp, type FetchHandler, jsonErrorResponse } from '@sluice/core';
import { InvalidOptionError } from '../errors.ts';
import type { LambdaExecutionContext } from './execution-context.ts';

/** What the app gets as its second argument (Hono: `c.env`); the third is the execution context. */
export interface LambdaEnv<E = unknown, C = unknown> {
  event: E;
  context: C;
  requestContext: unknown;
}

export type AppLike = FetchApp | FetchHandler;

export function toFetch(app: AppLike): FetchHandler {
  if (typeof app === 'function') return app;
  if (app && typeof app.fetch === 'function') return app.fetch.bind(app);
  throw new InvalidOptionError(
    'Expected a fetch handler or an object with a fetch method (e.g. a Hono app)',
  );
}

/**
 * Calls the app. An app that handles its own errors (Hono's `onError`) answers itself; one that
 * throws or returns no Response gets a 500 JSON body with no internal detail (logged instead).
 */
export async function callApp(
  fetch: FetchHandler,
  request: Request,
  env: LambdaEnv,
  executionCtx: LambdaExecutionContext,
): Promise<Response> {
  try {
    const response = await fetch(request, env, executionCtx);
    if (isResponse(response)) return response;
    throw new TypeError(`The app returned ${typeof response}, not a Response`);
  } catch (error) {
    console.error('[sluice] app failed before responding:', error);
    return jsonErrorResponse(500, 'INTERNAL_ERROR', 'Internal Server Error');
  }
}

function isResponse(value: unknown): value is Response {
  return typeof (value as Response | null)?.status === 'number' && 'headers' in (value as Response);
}
