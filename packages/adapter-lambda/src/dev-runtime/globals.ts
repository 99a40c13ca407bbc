import {
  HANDLER_HIGH_WATER_MARK,
  HANDLER_STREAMING,
  HttpResponseStream,
} from './response-stream.ts';

type Handler = ((...args: never[]) => unknown) & Record<symbol, unknown>;

/** `globalThis.awslambda` as the real runtime client installs it. */
export function installAwsLambdaGlobal(): void {
  const g = globalThis as { awslambda?: Record<string, unknown> };
  g.awslambda = {
    ...g.awslambda,
    streamifyResponse(handler: Handler, options?: { highWaterMark?: number }) {
      handler[HANDLER_STREAMING] = 'response';
      if (typeof options?.highWaterMark === 'number') {
        handler[HANDLER_HIGH_WATER_MARK] = Math.trunc(options.highWaterMark);
      }
      return handler;
    },
    HttpResponseStream,
  };
}
