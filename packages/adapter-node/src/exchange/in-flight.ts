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

/**
 * The exchanges whose response has not closed yet; drives abort on leave and shutdown. A
 * response the adapter wrote in one piece as soon as the app returned it is never added: it
 * has nothing left to abort or wait for.
 */
export class InFlight {
  readonly #exchanges = new Set<Exchange>();
  #shutdownReason: ServerShutdownError | undefined;
  #onEmpty: (() => void) | undefined;
  readonly #closeListener = closeListener((exchange) => this.#closed(exchange));

  get size(): number {
    return this.#exchanges.size;
  }

  get closing(): boolean {
    return this.#shutdownReason !== undefined;
  }

  add(outgoing: ServerResponse, request: Request, controller?: AbortController): Exchange {
    const exchange = new Exchange(outgoing, request, controller);
    (outgoing as TrackedResponse)[EXCHANGE_OF_RESPONSE] = exchange;
    this.#exchanges.add(exchange);
    outgoing.on('close', this.#closeListener);
    if (this.#shutdownReason !== undefined) exchange.abort(this.#shutdownReason);
    return exchange;
  }

  /** The exchange of a response in flight, if it is tracked. */
  of(outgoing: ServerResponse): Exchange | undefined {
    return (outgoing as TrackedResponse)[EXCHANGE_OF_RESPONSE];
  }

  #closed(exchange: Exchange): void {
    exchange.closed();
    this.#exchanges.delete(exchange);
    if (this.#exchanges.size === 0) this.#onEmpty?.();
  }

  /**
   * Aborts every exchange with a `ServerShutdownError` (later ones start aborted), then
   * resolves once all responses closed or `deadline` came.
   */
  async shutdown(deadline: Promise<void>): Promise<void> {
    this.#shutdownReason ??= new ServerShutdownError();
    for (const exchange of this.#exchanges) exchange.abort(this.#shutdownReason);
    if (this.#exchanges.size === 0) return;
    const empty = new Promise<void>((resolve) => {
      this.#onEmpty = resolve;
    });
    await Promise.race([empty, deadline]);
    this.#onEmpty = undefined;
  }
}
