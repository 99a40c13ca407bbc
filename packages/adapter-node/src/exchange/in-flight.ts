import type { ServerResponse } from 'node:http';
import { ClientDisconnectedError, ServerShutdownError } from '../errors.ts';
import { Exchange } from './exchange.ts';

/** The exchanges whose response has not closed yet; drives abort on leave and shutdown. */
export class InFlight {
  readonly #exchanges = new Set<Exchange>();
  #shutdownReason: ServerShutdownError | undefined;
  #onEmpty: (() => void) | undefined;
  #drained: Promise<number> | undefined;

  get size(): number {
    return this.#exchanges.size;
  }

  get closing(): boolean {
    return this.#shutdownReason !== undefined;
  }

  add(outgoing: ServerResponse): Exchange {
    const exchange = new Exchange(outgoing);
    this.#exchanges.add(exchange);
    outgoing.on('close', () => this.#closed(exchange));
    if (this.#shutdownReason !== undefined) exchange.abort(this.#shutdownReason);
    return exchange;
  }

  #closed(exchange: Exchange): void {
    if (!exchange.outgoing.writableFinished) exchange.abort(new ClientDisconnectedError());
    this.#exchanges.delete(exchange);
    if (this.#exchanges.size === 0) this.#onEmpty?.();
  }

  /**
   * Aborts every exchange with a `ServerShutdownError` (later ones start aborted), then waits
   * until all responses closed or `timeoutMs` passed. Resolves with how many are still open.
   */
  shutdown(timeoutMs: number): Promise<number> {
    if (this.#drained !== undefined) return this.#drained;
    this.#shutdownReason = new ServerShutdownError();
    for (const exchange of this.#exchanges) exchange.abort(this.#shutdownReason);
    this.#drained = new Promise((resolve) => {
      if (this.#exchanges.size === 0) return resolve(0);
      const done = () => {
        clearTimeout(timer);
        this.#onEmpty = undefined;
        resolve(this.#exchanges.size);
      };
      const timer = setTimeout(done, timeoutMs);
      this.#onEmpty = done;
    });
    return this.#drained;
  }
}
