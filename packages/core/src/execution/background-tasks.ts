// The app's third fetch argument where the runtime has none of its own (Node, Lambda), shaped
// like a Workers ExecutionContext (Hono: `c.executionCtx`): `waitUntil(promise)` registers work
// that must finish before the runtime may stop. The adapter decides when to wait: Lambda before
// the handler returns (the environment freezes after it), Node at shutdown.

/** What `c.executionCtx` offers on runtimes without a native ExecutionContext. */
export interface ExecutionContextLike {
  /** The runtime waits for `promise` (within its limit); a rejection is logged, never thrown. */
  waitUntil(promise: Promise<unknown>): void;
  /** A no-op: there is no origin behind this runtime to fall back to. */
  passThroughOnException(): void;
  /** Empty; present because Hono's `ExecutionContext` type has it. */
  readonly props: Record<string, unknown>;
}

/** The `waitUntil` promises handed to one context, and a bounded wait for them. */
export class BackgroundTasks {
  readonly #pending = new Set<Promise<void>>();
  readonly context: ExecutionContextLike = Object.freeze({
    waitUntil: (promise: Promise<unknown>) => this.#track(promise),
    passThroughOnException: () => {},
    props: Object.freeze({}),
  });

  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Resolves once every task has settled, tasks added meanwhile included, with 0; or, when
   * `limit` (milliseconds, or a promise) comes first, with the number still running.
   */
  async settle(limit?: number | Promise<unknown>): Promise<number> {
    if (this.#pending.size === 0) return 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired =
      typeof limit === 'number'
        ? new Promise<false>((resolve) => {
            timer = setTimeout(resolve, Math.max(0, limit), false);
          })
        : limit === undefined
          ? new Promise<false>(() => {})
          : limit.then(() => false as const);
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
