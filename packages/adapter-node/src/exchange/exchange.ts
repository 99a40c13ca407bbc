import type { ServerResponse } from 'node:http';

const EXCHANGE = Symbol('sluice.exchange');

// One shared getter: a per-request closure would give every request object its own hidden
// class, which makes property access on requests megamorphic.
const SIGNAL_PROPERTY: PropertyDescriptor = {
  get(this: { [EXCHANGE]: Exchange }) {
    return this[EXCHANGE].signal;
  },
  configurable: true,
};

/**
 * One request/response pair in flight. Owns the `AbortController` behind `request.signal`,
 * created only when the app reads the signal (most hello-world handlers never do).
 */
export class Exchange {
  readonly outgoing: ServerResponse;
  #controller: AbortController | undefined;
  #reason: Error | undefined;

  constructor(outgoing: ServerResponse) {
    this.outgoing = outgoing;
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

  abort(reason: Error): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }

  /** Makes `request.signal` this exchange's signal (the request object is per request). */
  bind(request: Request): void {
    (request as Request & { [EXCHANGE]: Exchange })[EXCHANGE] = this;
    Object.defineProperty(request, 'signal', SIGNAL_PROPERTY);
  }
}
