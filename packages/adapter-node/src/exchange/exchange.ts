import type { ServerResponse } from 'node:http';
import { ClientDisconnectedError } from '../errors.ts';
import { abortNodeRequest, isNodeRequest } from '../web/node-request.ts';

/**
 * One request/response pair in flight: aborts `request.signal` when the client leaves or the
 * server shuts down, and tells the body writer when the response closed.
 */
export class Exchange {
  readonly outgoing: ServerResponse;
  readonly request: Request;
  /** Behind the signal of a native request (`overrideGlobalObjects: false`). */
  readonly controller: AbortController | undefined;
  /** What writes the response body, told when the response closes. */
  body: { closed(): void } | undefined;
  #reason: Error | undefined;

  constructor(outgoing: ServerResponse, request: Request, controller?: AbortController) {
    this.outgoing = outgoing;
    this.request = request;
    this.controller = controller;
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
    if (isNodeRequest(this.request)) abortNodeRequest(this.request, reason);
    else this.controller?.abort(reason);
  }
}
