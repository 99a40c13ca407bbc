import type { InvocationResult } from '../runtime-api/invocation.ts';
import type { RawResponseLimits } from './runtime-response.ts';

/** `X-Amz-Executed-Version`: locally there are no published versions. */
export const EXECUTED_VERSION = '$LATEST';

/** How a caller's sink answers: output capped by `limits`, with the log tail or not. */
export interface SinkSettings {
  limits: RawResponseLimits;
  tailLog: boolean;
  memorySizeMb: number;
}

type Failed = Exclude<InvocationResult, { kind: 'ok' }>;

/**
 * A failure as an Invoke caller sees it: the runtime's error JSON (`errorType`, `errorMessage`,
 * `trace`), with a timeout worded as Lambda words it (time and request id first).
 */
export function errorPayload(result: Failed, requestId: string): string {
  const { errorType, errorMessage, trace } = result.error;
  const message =
    result.kind === 'timeout'
      ? `${new Date().toISOString()} ${requestId} ${errorMessage}`
      : errorMessage;
  return JSON.stringify({ errorType, errorMessage: message, ...(trace ? { trace } : {}) });
}

/**
 * Calls `respond` when the caller's answer can be written: at once, or, when the caller asked
 * for the log tail, once the runtime is done with the invocation (its END / REPORT lines), one
 * turn later so the output it printed before has been read.
 */
export function whenAnswerable(
  tail: boolean,
  whenFinished: (callback: () => void) => void,
  respond: () => void,
): void {
  if (tail) whenFinished(() => setImmediate(respond));
  else respond();
}
