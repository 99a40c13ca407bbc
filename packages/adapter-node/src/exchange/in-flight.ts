import type { ServerResponse } from 'node:http';
import { ServerShutdownError } from '../errors.ts';
import { Exchange } from './exchange.ts';

const EXCHANGE_OF_RESPONSE = Symbol('sluice.exchangeOfResponse');

type TrackedResponse = ServerResponse & { [EXCHANGE_OF_RESPONSE]?: Exchange };

// One `close` listener for all responses, finding the exchange on `this` (the response): no
// closure per request.
function closeListener(closed: (exchange: Exchange) => void) {
  return function onClose(this: TrackedResponse) {
    const exchange = this[EXCHANGE_OF_RESPONSE];
    if (exchange !== undefined) closed(exchange);
  };
}

/** The exchanges whose response has not closed yet; drives abort on leave and shutdown. */
export class InFlight {
  readonly #exchanges = new Set<Exchange>();
  #shutdownReason: ServerShutdownError | undefined;
  #onEmpty: (() => void) | undefined;
  #drained: Promise<number> | undefined;
  readonly #closeListener = closeListener((exchange) => this.#closed(exchange));

  get size(): number {
    return this.#exchanges.size;
  }

  get closing(): boolean {
    return this.#shutdownReason !== undefined;
  }

  add(outgoing: ServerResponse, request: Request): Exchange {
    const exchange = new Exchange(outgoing, request);
    (outgoing as TrackedResponse)[EXCHANGE_OF_RESPONSE] = exchange;
    this.#exchanges.add(exchange);
    outgoing.on('close', this.#closeListener);
    if (this.#shutdownReason !== undefined) exchange.abort(this.#shutdownReason);
    return exchange;
  }

  #closed(exchange: Exchange): void {
    exchange.closed();
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
