import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevLog } from '../log.ts';
import type { Invocation, InvocationResult, InvocationSink } from '../runtime-api/invocation.ts';
import { type RawResponseLimits, receiveRawResponse } from './runtime-response.ts';

/**
 * An `Event` invoke: the caller already has its 202, so the function's output is drained and
 * dropped; a failure is only logged (Lambda would retry it; locally it is not).
 */
export class EventInvokeSink implements InvocationSink {
  readonly #log: DevLog;
  readonly #functionName: string;
  readonly #limits: RawResponseLimits;
  #invocation: Invocation | undefined;
  readonly headSent = false;
  readonly closed = true;

  constructor(log: DevLog, functionName: string, limits: RawResponseLimits) {
    this.#log = log;
    this.#functionName = functionName;
    this.#limits = limits;
  }

  bind(invocation: Invocation): void {
    this.#invocation = invocation;
  }

  receive(
    req: IncomingMessage,
    res: ServerResponse,
    invocation: Invocation,
  ): Promise<void> | undefined {
    return receiveRawResponse(req, res, invocation, DISCARD, this.#limits);
  }

  settle(result: InvocationResult): void {
    if (result.kind === 'ok') return;
    const invocation = this.#invocation;
    this.#log.event({
      level: 'error',
      errorType: result.error.errorType,
      message: `Event invoke of ${this.#functionName} failed: ${result.error.errorType}: ${result.error.errorMessage}`,
      ...(invocation ? { requestId: invocation.id } : {}),
      ...(invocation?.runtimeId === undefined ? {} : { runtimeId: invocation.runtimeId }),
    });
  }
}

const DISCARD = {
  begin() {},
  write: () => true,
  onDrain: (callback: () => void) => callback(),
};
