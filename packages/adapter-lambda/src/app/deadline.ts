// `request.signal` for one invocation: aborted at the Lambda deadline minus a margin, or when
// the sink (the response stream) goes away. Created on first read: an app that never looks at
// the signal costs no AbortController and no timer.

import { DeadlineError } from '../errors.ts';

export interface ContextWithDeadline {
  getRemainingTimeInMillis?: () => number;
}

export const DEFAULT_ABORT_MARGIN_MS = 1000;

/**
 * Milliseconds from now until `marginMs` before the invocation times out (short timeouts keep
 * half the remaining time instead); undefined when the context cannot tell.
 */
export function msUntilDeadline(
  context: ContextWithDeadline | undefined,
  marginMs: number,
): number | undefined {
  const remaining = context?.getRemainingTimeInMillis?.();
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return undefined;
  return remaining > 2 * marginMs ? remaining - marginMs : remaining / 2;
}

export class InvocationSignal {
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reason: unknown;
  #aborted = false;
  #settled = false;
  readonly #context: ContextWithDeadline | undefined;
  readonly #marginMs: number;

  constructor(context: ContextWithDeadline | undefined, marginMs: number) {
    this.#context = context;
    this.#marginMs = marginMs;
  }

  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const controller = new AbortController();
    this.#controller = controller;
    if (this.#aborted) controller.abort(this.#reason);
    else if (!this.#settled) this.#armDeadline();
    return controller.signal;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.dispose();
    this.#controller?.abort(reason);
  }

  /** The invocation is over: no deadline abort any more. */
  dispose(): void {
    this.#settled = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #armDeadline(): void {
    const delay = msUntilDeadline(this.#context, this.#marginMs);
    if (delay === undefined) return;
    const left = Math.min(this.#marginMs, delay);
    this.#timer = setTimeout(() => this.abort(new DeadlineError(left)), delay);
    this.#timer.unref?.();
  }
}
