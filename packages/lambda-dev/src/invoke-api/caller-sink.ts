import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invocation, InvocationResult, InvocationSink } from '../runtime-api/invocation.ts';
import { type SinkSettings, whenAnswerable } from './function-error.ts';
import { logTail } from './log-tail.ts';
import { type RawResponseTarget, receiveRawResponse } from './runtime-response.ts';

/**
 * What `Invoke` and `InvokeWithResponseStream` share: an HTTP caller who may leave early, the
 * runtime's raw response passed to the subclass's `begin`/`write`, and the answer written once
 * the outcome is known (after the runtime is done, when the caller asked for the log tail).
 */
export abstract class CallerInvokeSink implements InvocationSink, RawResponseTarget {
  protected readonly res: ServerResponse;
  protected readonly settings: SinkSettings;
  #invocation: Invocation | undefined;
  headSent = false;
  closed = false;
  /** The caller left before its answer was complete. */
  gone = false;
  /** Payload bytes passed on. */
  bytes = 0;
  firstByteAt: number | undefined;

  constructor(res: ServerResponse, settings: SinkSettings) {
    this.res = res;
    this.settings = settings;
    res.once('close', () => {
      if (!this.closed) this.gone = true;
      this.closed = true;
      this.callerClosed();
    });
  }

  bind(invocation: Invocation): void {
    this.#invocation = invocation;
  }

  receive(
    req: IncomingMessage,
    res: ServerResponse,
    invocation: Invocation,
  ): Promise<void> | undefined {
    return receiveRawResponse(req, res, invocation, this, this.settings.limits);
  }

  settle(result: InvocationResult): void {
    const invocation = this.#invocation;
    if (!invocation) return;
    whenAnswerable(
      this.settings.tailLog,
      (callback) => invocation.whenFinished(callback),
      () => this.answer(result, invocation),
    );
  }

  /** `X-Amz-Log-Result` / `LogResult` for this outcome, when the caller asked for it. */
  protected logResult(result: InvocationResult, invocation: Invocation): string | undefined {
    if (!this.settings.tailLog) return undefined;
    const timeout = result.kind === 'timeout' ? result.error.errorMessage : undefined;
    return logTail(invocation, this.settings.memorySizeMb, timeout);
  }

  /** The caller's connection closed (done or gone). */
  protected callerClosed(): void {}

  /** Writes the caller's answer (or its end) for the decided outcome. */
  protected abstract answer(result: InvocationResult, invocation: Invocation): void;

  abstract begin(contentType: string): void;
  abstract write(chunk: Buffer): boolean;
  abstract onDrain(callback: () => void): void;
}
