// The app's third argument, shaped like a Workers ExecutionContext (Hono: `c.executionCtx`).
// Lambda freezes the environment once the handler's promise settles, so work handed to
// `waitUntil` (e.g. a store-backed sse() producer whose client left) only keeps running if the
// handler waits for it: `finishBackgroundTasks` is that wait, bounded by the deadline.

import { type ContextWithDeadline, msUntilDeadline } from './deadline.ts';

export interface LambdaExecutionContext {
  /** Keeps the invocation alive until `promise` settles (its rejection is logged, not thrown). */
  waitUntil(promise: Promise<unknown>): void;
  /** A no-op: there is no origin behind a Lambda function to fall back to. */
  passThroughOnException(): void;
  /** Empty; present because Hono's `ExecutionContext` type has it (Wrangler 4). */
  props: Record<string, unknown>;
}

/** The `waitUntil` promises of one invocation. */
export class BackgroundTasks {
  readonly #pending = new Set<Promise<void>>();
  readonly context: LambdaExecutionContext = {
    waitUntil: (promise) => this.#track(promise),
    passThroughOnException: () => {},
    props: {},
  };

  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Resolves once every task has settled, including tasks added meanwhile, or after `limitMs`
   * (when given) with the number still running.
   */
  async settle(limitMs: number | undefined): Promise<number> {
    if (this.#pending.size === 0) return 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<false>((resolve) => {
      if (limitMs !== undefined) timer = setTimeout(resolve, Math.max(0, limitMs), false);
    });
    try {
      while (this.#pending.size > 0) {
        const all = Promise.all(this.#pending).then(() => true);
        if (!(await Promise.race([all, expired]))) return this.#pending.size;
      }
      return 0;
    } finally {
      clearTimeout(timer);
    }
  }

  #track(promise: Promise<unknown>): void {
    const task: Promise<void> = Promise.resolve(promise).then(
      () => {
        this.#pending.delete(task);
      },
      (error: unknown) => {
        this.#pending.delete(task);
        console.error('[sluice] a waitUntil task failed:', error);
      },
    );
    this.#pending.add(task);
  }
}

/**
 * Waits for the invocation's `waitUntil` tasks, at most until `marginMs` before it times out
 * (as `request.signal` does); tasks still running then are left behind, with a warning.
 */
export async function finishBackgroundTasks(
  tasks: BackgroundTasks,
  context: ContextWithDeadline | undefined,
  marginMs: number,
): Promise<void> {
  if (tasks.pending === 0) return;
  const left = await tasks.settle(msUntilDeadline(context, marginMs));
  if (left > 0) {
    console.warn(
      `[sluice] ${left} waitUntil task(s) still running close to the invocation's timeout; ` +
        'the handler returns now so Lambda does not time out. Lambda freezes them until this ' +
        'environment gets its next invocation, if ever.',
    );
  }
}
