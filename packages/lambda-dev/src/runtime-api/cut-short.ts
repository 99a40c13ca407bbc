// A runtime's streamed `POST .../response` that closes before its end: the function was cut
// short (the runtime died or dropped the connection mid-body).
import type { IncomingMessage } from 'node:http';
import { type FunctionError, functionError } from '../errors.ts';
import type { Invocation } from './invocation.ts';

/** Grace for the process exit to explain a body that stopped mid-way. */
export const ABORT_GRACE_MS = 250;

/**
 * Fails the invocation with `Runtime.ExitError` when `req` closes before its end and nothing
 * settled it. It waits `ABORT_GRACE_MS` first: the runtime's exit, which says more, usually
 * settles it in the meantime.
 */
export function failWhenCutShort(req: IncomingMessage, invocation: Invocation): void {
  req.once('close', () => {
    if (req.complete || invocation.settled) return;
    setTimeout(() => {
      invocation.settle({
        kind: 'error',
        error: functionError(
          'Runtime.ExitError',
          `RequestId: ${invocation.id} Error: the runtime closed the response stream before its end`,
        ),
      });
    }, ABORT_GRACE_MS).unref();
  });
}

/** A response past its size cap, worded as Lambda words it. */
export function responseTooLarge(limit: number): FunctionError {
  return functionError(
    'Function.ResponseSizeTooLarge',
    `Response payload size exceeded maximum allowed payload size (${limit} bytes).`,
  );
}
