import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { FetchApp } from '@sluice/core';
import { InvalidResponseError, NodeAdapterError } from './errors.ts';
import { InFlight } from './exchange/in-flight.ts';
import { failResponse } from './response/fallback.ts';
import { writeResponse } from './response/write-response.ts';

export interface ListenerOptions {
  /**
   * Called when the app throws (the client gets a 500) or a response body fails (the client
   * gets a truncated body). Not called for the adapter's own abort reasons. Default:
   * `console.error`.
   */
  onError?: (error: unknown, request: Request) => void;
}

/** A `node:http` request listener, plus graceful shutdown of the requests it is serving. */
export interface NodeListener {
  (incoming: IncomingMessage, outgoing: ServerResponse): void;
  /** Responses not closed yet. */
  readonly inFlight: number;
  /**
   * Aborts `request.signal` of every request in flight with a `ServerShutdownError`, answers
   * new requests with 503 + `Connection: close`, and resolves once every response closed or
   * `timeoutMs` passed, with the number still open (destroy those, e.g.
   * `server.closeAllConnections()`). Call it after `server.close()`.
   */
  shutdown(timeoutMs: number): Promise<number>;
}

const defaultOnError = (error: unknown) => console.error(error);

/**
 * Serves `app` from an `http.Server` you create. Builds on `@hono/node-server`'s request
 * listener for the lazy `Request`, without replacing the global `Request`/`Response`.
 */
export function createListener(app: FetchApp, options: ListenerOptions = {}): NodeListener {
  const inFlight = new InFlight();
  const onError = options.onError ?? defaultOnError;

  async function handle(request: Request, env: HttpBindings): Promise<Response> {
    const outgoing = env.outgoing;
    const exchange = inFlight.add(outgoing);
    exchange.bind(request);
    if (inFlight.closing) {
      failResponse(outgoing, 503);
      return RESPONSE_ALREADY_SENT;
    }
    const fail = (error: unknown) => {
      if (!(error instanceof NodeAdapterError && error === exchange.reason))
        onError(error, request);
      failResponse(outgoing, 500);
    };
    let response: unknown;
    try {
      response = await app.fetch(request, env);
      if (!(response instanceof Response)) throw new InvalidResponseError(response);
    } catch (error) {
      fail(error);
      return RESPONSE_ALREADY_SENT;
    }
    // Not awaited: the listener is done once the body streams (see writeResponse).
    const options = { head: request.method === 'HEAD', closeConnection: inFlight.closing };
    try {
      writeResponse(response, outgoing, options).catch(fail);
    } catch (error) {
      fail(error); // writeHead refused the head
    }
    return RESPONSE_ALREADY_SENT;
  }

  const honoListener = getRequestListener(handle as Parameters<typeof getRequestListener>[0], {
    overrideGlobalObjects: false,
  });
  const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    incoming.socket.setNoDelay(true);
    void honoListener(incoming, outgoing);
  };
  return Object.defineProperties(listener, {
    inFlight: { get: () => inFlight.size },
    shutdown: { value: (timeoutMs: number) => inFlight.shutdown(timeoutMs) },
  }) as NodeListener;
}
