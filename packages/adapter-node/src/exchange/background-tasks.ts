// The app's third argument on Node (Hono: `c.executionCtx`), shaped like a Workers
// ExecutionContext: `waitUntil(promise)` registers work that must finish before the process
// exits. The process keeps running after a response anyway, so the tasks only matter at
// shutdown, which waits for them (bounded by the shutdown timeout) and says what it cut.
// One context serves every request: the tasks are the listener's, not a request's.

export interface NodeExecutionContext {
  /** Shutdown waits for `promise` (up to its timeout); a rejection is logged, never thrown. */
  waitUntil(promise: Promise<unknown>): void;
  /** A no-op: there is no origin behind this server to fall back to. */
  passThroughOnException(): void;
  /** Empty; present because Hono's `ExecutionContext` type has it. */
  readonly props: Record<string, unknown>;
}

export class BackgroundTasks {
  readonly #pending = new Set<Promise<void>>();
  readonly context: NodeExecutionContext = Object.freeze({
    waitUntil: (promise: Promise<unknown>) => this.#track(promise),
    passThroughOnException: () => {},
    props: Object.freeze({}),
  });

  get pending(): number {
    return this.#pending.size;
  }

  /** Resolves once every task settled (tasks added meanwhile too), or at `deadline`. */
  async settle(deadline: Promise<void>): Promise<void> {
    let expired = false;
    void deadline.then(() => {
      expired = true;
    });
    while (this.#pending.size > 0 && !expired) {
      await Promise.race([Promise.all(this.#pending), deadline]);
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
