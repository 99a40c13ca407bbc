import type { ServerResponse } from 'node:http';
import { ClientDisconnectedError } from '../errors.ts';

const EXCHANGE_OF_REQUEST = Symbol('sluice.exchangeOfRequest');

// One shared getter: a per-request closure would give every request object its own hidden
// class, which makes property access on requests megamorphic.
const SIGNAL_PROPERTY: PropertyDescriptor = {
  get(this: { [EXCHANGE_OF_REQUEST]: Exchange }) {
    return this[EXCHANGE_OF_REQUEST].signal;
  },
  configurable: true,
};

/**
 * One request/response pair in flight. Owns the `AbortController` behind `request.signal`,
 * created only when the app reads the signal (most hello-world handlers never do).
 */
export class Exchange {
  readonly outgoing: ServerResponse;
  readonly request: Request;
  /** What writes the response body, told when the response closes. */
  body: { closed(): void } | undefined;
  #controller: AbortController | undefined;
  #reason: Error | undefined;

  /** Makes `request.signal` this exchange's signal (the request object is per request). */
  constructor(outgoing: ServerResponse, request: Request) {
    this.outgoing = outgoing;
    this.request = request;
    (request as Request & { [EXCHANGE_OF_REQUEST]: Exchange })[EXCHANGE_OF_REQUEST] = this;
    Object.defineProperty(request, 'signal', SIGNAL_PROPERTY);
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** The first abort reason, once aborted. */
  get reason(): Error | undefined {
    return this.#reason;
  }

  /** The response closed: unless it finished, the client left. */
  closed(): void {
    if (!this.outgoing.writableFinished) this.abort(new ClientDisconnectedError());
    this.body?.closed();
  }

  abort(reason: Error): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
