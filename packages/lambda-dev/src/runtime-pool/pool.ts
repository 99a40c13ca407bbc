import { type FunctionError, functionError } from '../errors.ts';
import type { DevLog } from '../log.ts';
import type { ResolvedOptions } from '../options.ts';
import { BandwidthModel } from '../relay/bandwidth.ts';
import { attributeOutput, type Invocation } from '../runtime-api/invocation.ts';
import { RuntimeApi } from '../runtime-api/runtime-api.ts';
import type { DevServerStats } from '../types.ts';
import { runtimeEnv } from './runtime-env.ts';
import { launchRuntime, type RuntimeExit } from './runtime-process.ts';
import { exitError, Sandbox } from './sandbox.ts';

/**
 * The runtime processes behind the front door. An invocation takes a slot on a live runtime,
 * or on a new one while fewer than `maxRuntimes` exist; otherwise it is refused (429) — there
 * is no queue beyond the slots themselves.
 */
export class SandboxPool {
  readonly api: RuntimeApi;
  readonly #options: ResolvedOptions;
  readonly #log: DevLog;
  readonly #sandboxes = new Set<Sandbox>();
  readonly #external: Sandbox;
  readonly #exits = new Set<Promise<void>>();
  #nextId = 1;
  #closing = false;

  constructor(options: ResolvedOptions, log: DevLog) {
    this.#options = options;
    this.#log = log;
    this.#external = new Sandbox(0, 1, 0);
    this.api = new RuntimeApi({
      options,
      log,
      bandwidth: options.bandwidth
        ? new BandwidthModel(options.limits.uncappedBytes, options.limits.bytesPerSecond)
        : undefined,
      external: this.#external,
      onInitError: (sandbox, error) => this.#initFailed(sandbox, error),
    });
  }

  /** Binds the invocation to a runtime slot; false when every slot is taken (throttle). */
  acquire(invocation: Invocation): boolean {
    if (this.#closing) return false;
    const sandbox =
      this.#pick() ??
      (this.#managedCount() < this.#options.maxRuntimes ? this.#spawn() : undefined);
    if (!sandbox) return false;
    this.api.register(invocation);
    sandbox.assign(invocation);
    return true;
  }

  /** Starts one runtime ahead of the first request when none is alive; returns it. */
  warm(): Sandbox | undefined {
    if (!this.#closing && this.#managedCount() === 0) return this.#spawn();
    return undefined;
  }

  /** Replaces every runtime: idle ones stop now, busy ones after their invocations settle. */
  reload(): void {
    for (const sandbox of this.#sandboxes) if (!sandbox.retiring) sandbox.retire();
    this.#log.event({ level: 'info', message: `Reloading ${this.#options.handlerFile}` });
    this.warm();
  }

  stats(): DevServerStats {
    let busy = this.#external.inflight.size + this.#external.finishing.size;
    let idle = 0;
    let runtimes = 0;
    for (const sandbox of this.#sandboxes) {
      busy += sandbox.inflight.size + sandbox.finishing.size;
      // One being killed (timeout, init error) takes no work and is about to go.
      if (!sandbox.alive || sandbox.retiring || sandbox.killReason) continue;
      runtimes++;
      idle += Math.max(0, sandbox.freeSlots - sandbox.finishing.size);
    }
    return { busy, idle, runtimes };
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const sandbox of this.#sandboxes) sandbox.kill('close');
    // An attached runtime has no process to kill: its invocations end here.
    for (const invocation of [...this.#external.inflight]) {
      invocation.settle({
        kind: 'error',
        error: functionError('DevServer.Closed', 'The dev server closed'),
      });
    }
    this.#external.finishAll();
    await Promise.all(this.#exits);
    await this.api.close();
  }

  #pick(): Sandbox | undefined {
    if (this.#external.freeSlots > 0) return this.#external;
    let best: Sandbox | undefined;
    for (const sandbox of this.#sandboxes) {
      if (sandbox.freeSlots === 0) continue;
      if (!best || rank(sandbox) > rank(best)) best = sandbox;
    }
    return best;
  }

  #managedCount(): number {
    let count = 0;
    for (const sandbox of this.#sandboxes) if (sandbox.alive && !sandbox.retiring) count++;
    return count;
  }

  #spawn(): Sandbox {
    const sandbox = new Sandbox(
      this.#nextId++,
      this.#options.concurrency,
      this.#options.initTimeoutMs + this.#options.timeoutMs,
    );
    this.#sandboxes.add(sandbox);
    const exit = this.#run(sandbox).catch((err: unknown) => {
      this.#log.event({ level: 'error', runtimeId: sandbox.id, message: `Runtime failed: ${err}` });
    });
    this.#exits.add(exit);
    void exit.finally(() => this.#exits.delete(exit));
    return sandbox;
  }

  async #run(sandbox: Sandbox): Promise<void> {
    const endpoint = await this.api.openEndpoint(sandbox);
    if (sandbox.killReason || this.#closing)
      return this.#ended(sandbox, { code: null, signal: null });
    let runtime: ReturnType<typeof launchRuntime>;
    try {
      runtime = launchRuntime(this.#options, runtimeEnv(this.#options, endpoint, sandbox.id));
    } catch (err) {
      sandbox.initError = functionError('Runtime.StartError', (err as Error).message);
      this.#log.event({ level: 'error', runtimeId: sandbox.id, message: (err as Error).message });
      return this.#ended(sandbox, { code: null, signal: null });
    }
    sandbox.attachProcess(runtime, (stream, line) => {
      this.#log.output({ runtimeId: sandbox.id, stream, line });
      attributeOutput([...sandbox.inflight, ...sandbox.finishing], line);
    });
    this.#ended(sandbox, await runtime.exited);
  }

  #ended(sandbox: Sandbox, exit: RuntimeExit): void {
    const passedInit = sandbox.state === 'ready';
    this.api.closeEndpoint(sandbox);
    this.#sandboxes.delete(sandbox);
    if (exit.error) {
      this.#log.event({ level: 'error', runtimeId: sandbox.id, message: exit.error });
    }
    if (!sandbox.killReason && !sandbox.initError && !this.#closing) {
      const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
      this.#log.event({
        level: 'error',
        runtimeId: sandbox.id,
        message: `Runtime exited (${how})`,
      });
    }
    const handOn = sandbox.markDead(exit);
    // Like Lambda, a runtime that died after init (timeout, crash) is replaced by a fresh one;
    // one that never got through init is not restarted until a request needs it.
    const replace = !this.#closing && !sandbox.retiring && passedInit && !sandbox.initError;
    if (replace && this.#managedCount() < this.#options.maxRuntimes) this.#spawn();
    for (const invocation of handOn) {
      if (!this.acquire(invocation)) {
        invocation.settle({ kind: 'error', error: exitError(invocation.id, exit) });
        invocation.finish();
      }
    }
  }

  #initFailed(sandbox: Sandbox, error: FunctionError): void {
    if (!sandbox.external) sandbox.initError = error;
    this.#log.event({
      level: 'error',
      runtimeId: sandbox.id,
      errorType: error.errorType,
      message: `Init error ${error.errorType}: ${error.errorMessage}`,
    });
    sandbox.kill('init-error');
  }
}

/** Prefer a runtime already waiting on /next, then a ready one, then one still starting. */
function rank(sandbox: Sandbox): number {
  return (sandbox.waitingPolls > 0 ? 2 : 0) + (sandbox.state === 'ready' ? 1 : 0);
}
