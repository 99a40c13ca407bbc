import { randomBytes, randomUUID } from 'node:crypto';
import { type FunctionError, functionError } from '../errors.ts';
import type { ClientResponse } from '../relay/client-response.ts';
import { functionFailed } from '../relay/error-responses.ts';
import type { DevMode } from '../types.ts';

export type InvocationResult =
  | { kind: 'ok' }
  | { kind: 'error'; error: FunctionError }
  | { kind: 'timeout'; error: FunctionError };

export interface SettledInvocation {
  result: InvocationResult;
  /** The failure came after the head was sent, so the client's response was cut. */
  cut: boolean;
}

export interface InvocationInit {
  event: string;
  timeoutMs: number;
  functionArn: string;
  mode: DevMode;
  client: ClientResponse;
}

/**
 * One invoke, from the moment it holds a runtime slot to its end. `settle` runs once, when the
 * response is decided: it finishes the client's response and frees the slot. `finish` runs once
 * after it, when the runtime is done with the invocation (its handler returned: it asks for the
 * next one, or it died): only then does the deadline stop and `done` resolve (and the request
 * is logged), as on Lambda, where work after the response (waitUntil) still counts.
 */
export class Invocation {
  readonly id = randomUUID();
  readonly event: string;
  readonly timeoutMs: number;
  readonly client: ClientResponse;
  readonly #functionArn: string;
  readonly #mode: DevMode;
  state: 'queued' | 'running' | 'responding' | 'settled' | 'finished' = 'queued';
  runtimeId: number | undefined;
  readonly done: Promise<SettledInvocation>;
  #resolve!: (value: SettledInvocation) => void;
  #timer: NodeJS.Timeout | undefined;
  readonly #onSettled: Array<() => void> = [];
  readonly #onFinished: Array<() => void> = [];
  #outcome: SettledInvocation | undefined;
  /** Called when the deadline passes; the pool kills the runtime there. */
  onTimeout: (() => void) | undefined;

  constructor(init: InvocationInit) {
    this.event = init.event;
    this.timeoutMs = init.timeoutMs;
    this.client = init.client;
    this.#functionArn = init.functionArn;
    this.#mode = init.mode;
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** The response is decided (the client got it, or its error). */
  get settled(): boolean {
    return this.state === 'settled' || this.state === 'finished';
  }

  get finished(): boolean {
    return this.state === 'finished';
  }

  whenSettled(callback: () => void): void {
    if (this.settled) callback();
    else this.#onSettled.push(callback);
  }

  whenFinished(callback: () => void): void {
    if (this.finished) callback();
    else this.#onFinished.push(callback);
  }

  /**
   * Bounds the wait for a runtime to ask for this invocation: a runtime stuck in init would
   * otherwise hold the client forever. Lambda allows 10 s of init, then the function timeout.
   */
  awaitDelivery(limitMs: number): void {
    if (this.state !== 'queued') return;
    clearTimeout(this.#timer); // placed again after its first runtime died
    this.#timer = setTimeout(() => {
      this.#timedOut(
        `Task timed out after ${(limitMs / 1000).toFixed(2)} seconds waiting for the runtime to ` +
          'finish init and poll for the invocation',
      );
    }, limitMs);
  }

  /** Hands the invoke to a runtime's `/next`: starts the clock, returns the Runtime API headers. */
  deliver(): Record<string, string> {
    this.state = 'running';
    clearTimeout(this.#timer);
    const deadline = Date.now() + this.timeoutMs;
    this.#timer = setTimeout(() => this.#timedOut(), this.timeoutMs);
    return {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': this.id,
      'lambda-runtime-deadline-ms': String(deadline),
      'lambda-runtime-invoked-function-arn': this.#functionArn,
      'lambda-runtime-trace-id': traceId(),
    };
  }

  /** A runtime starts posting the response; false when it is too late or already answered. */
  beginResponse(): boolean {
    if (this.state !== 'running') return false;
    this.state = 'responding';
    return true;
  }

  settle(result: InvocationResult): void {
    if (this.settled) return;
    this.state = 'settled';
    const cut = result.kind !== 'ok' && this.client.headSent && !this.client.closed;
    if (result.kind === 'ok') this.client.end();
    else if (this.client.headSent) this.client.cut();
    else this.client.sendError(functionFailed(this.#mode, result.error.errorType));
    this.#outcome = { result, cut };
    for (const callback of this.#onSettled.splice(0)) callback();
  }

  /** The runtime is done with this invocation; no-op before `settle`. */
  finish(): void {
    if (this.state !== 'settled' || !this.#outcome) return;
    this.state = 'finished';
    clearTimeout(this.#timer);
    for (const callback of this.#onFinished.splice(0)) callback();
    this.#resolve(this.#outcome);
  }

  #timedOut(message = `Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds`): void {
    const result: InvocationResult = {
      kind: 'timeout',
      error: functionError('Sandbox.Timedout', message),
    };
    // After a complete response the handler may still run (waitUntil): the timeout still hits.
    if (this.settled) this.#outcome = { result, cut: false };
    else this.settle(result);
    this.finish();
    this.onTimeout?.();
  }
}

function traceId(): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${time}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}
