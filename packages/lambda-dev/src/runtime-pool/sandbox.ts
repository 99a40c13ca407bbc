import type { ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import type { FunctionError } from '../errors.ts';
import type { Invocation } from '../runtime-api/invocation.ts';
import type { RuntimeExit, RuntimeProcess } from './runtime-process.ts';

export type SandboxState = 'starting' | 'ready' | 'dead';

/**
 * One execution environment: a runtime process (or, for id 0, whatever runtime attaches to the
 * shared Runtime API endpoint), the invocations bound to it and its pending `/next` polls.
 * A slot is held from `assign` until the invocation settles, exactly once. With one invocation
 * per runtime, a settled invocation is finished by the runtime's next `/next` (its handler has
 * returned, background work included) or its death; with more, by its response.
 */
export class Sandbox {
  readonly id: number;
  readonly concurrency: number;
  readonly #deliveryLimitMs: number;
  /** Id 0: an externally started runtime; it takes work only while it is polling. */
  readonly external: boolean;
  state: SandboxState = 'starting';
  retiring = false;
  initError: FunctionError | undefined;
  /** Set when we killed it (timeout, reload, close), so its exit is not a crash. */
  killReason: string | undefined;
  readonly inflight = new Set<Invocation>();
  /** Settled, but the runtime is still running their handlers. */
  readonly finishing = new Set<Invocation>();
  readonly #queue: Invocation[] = [];
  readonly #polls: ServerResponse[] = [];
  #process: RuntimeProcess | undefined;
  /** Resolves once init is over: undefined when the runtime first polled, else why it died. */
  readonly initDone: Promise<FunctionError | undefined>;
  #endInit!: (error: FunctionError | undefined) => void;

  /** `deliveryLimitMs`: how long a bound invocation may wait for this runtime's `/next`. */
  constructor(id: number, concurrency: number, deliveryLimitMs: number) {
    this.id = id;
    this.concurrency = concurrency;
    this.#deliveryLimitMs = deliveryLimitMs;
    this.external = id === 0;
    this.initDone = new Promise((resolve) => {
      this.#endInit = resolve;
    });
  }

  get alive(): boolean {
    return this.state !== 'dead';
  }

  get freeSlots(): number {
    if (!this.alive || this.retiring || this.killReason) return 0;
    if (this.external) return Math.max(0, this.#polls.length - this.#queue.length);
    return this.concurrency - this.inflight.size;
  }

  get waitingPolls(): number {
    return this.#polls.length;
  }

  attachProcess(
    runtime: RuntimeProcess,
    onOutput: (stream: 'stdout' | 'stderr', line: string) => void,
  ): void {
    this.#process = runtime;
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: runtime[stream], crlfDelay: Number.POSITIVE_INFINITY }).on(
        'line',
        (line) => onOutput(stream, line),
      );
    }
  }

  assign(invocation: Invocation): void {
    this.inflight.add(invocation);
    invocation.runtimeId = this.id;
    invocation.whenSettled(() => {
      if (!this.inflight.delete(invocation)) return; // handed on to another runtime
      if (this.concurrency > 1 || !this.alive) invocation.finish();
      else this.finishing.add(invocation);
      this.#retireIfIdle();
    });
    invocation.whenFinished(() => {
      if (this.finishing.delete(invocation)) this.#retireIfIdle();
    });
    if (!this.external) {
      invocation.onTimeout = () => this.kill('timeout');
      invocation.awaitDelivery(this.#deliveryLimitMs);
    }
    this.#queue.push(invocation);
    this.#pump();
  }

  /** A `/next` long poll arrived; answered as soon as an invocation is queued here. */
  park(res: ServerResponse): void {
    if (this.state === 'starting') {
      this.state = 'ready';
      this.#endInit(undefined);
    }
    this.finishAll();
    this.#polls.push(res);
    res.once('close', () => {
      const at = this.#polls.indexOf(res);
      if (at >= 0) this.#polls.splice(at, 1);
    });
    this.#pump();
  }

  /** Stop taking work; the process ends once its last invocation settles. */
  retire(): void {
    this.retiring = true;
    this.#retireIfIdle();
  }

  /** Ends every settled invocation: the runtime asked for more work, died or is gone. */
  finishAll(): void {
    for (const invocation of [...this.finishing]) invocation.finish();
  }

  #retireIfIdle(): void {
    if (this.retiring && this.inflight.size === 0 && this.finishing.size === 0) this.kill('reload');
  }

  kill(reason: string): void {
    if (this.external || !this.alive) return;
    this.killReason ??= reason;
    this.#process?.kill();
  }

  /**
   * The process ended: every invocation it still held fails like Lambda reports it, except
   * those still waiting behind an invocation that had answered but was finishing (on Lambda
   * they would have gone to another environment): they are returned, to be placed again.
   */
  markDead(exit: RuntimeExit): Invocation[] {
    const passedInit = this.state === 'ready';
    this.state = 'dead';
    this.#endInit(this.initError ?? exitError('(init)', exit));
    for (const res of this.#polls.splice(0)) res.destroy();
    const undelivered = this.#queue.splice(0).filter((invocation) => !invocation.settled);
    const handOn = passedInit && !this.initError ? undelivered : [];
    for (const invocation of handOn) this.inflight.delete(invocation);
    for (const invocation of [...this.inflight]) {
      invocation.settle({ kind: 'error', error: this.initError ?? exitError(invocation.id, exit) });
    }
    this.finishAll();
    return handOn;
  }

  #pump(): void {
    while (this.#queue.length > 0 && this.#polls.length > 0) {
      const invocation = this.#queue.shift()!;
      if (invocation.settled) continue;
      const res = this.#polls.shift()!;
      const body = Buffer.from(invocation.event);
      res.writeHead(200, { ...invocation.deliver(), 'content-length': body.length });
      res.end(body);
    }
  }
}

export function exitError(requestId: string, exit: RuntimeExit): FunctionError {
  const status = exit.signal ? `signal: ${exit.signal}` : `exit status ${exit.code}`;
  return {
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${status}`,
  };
}
