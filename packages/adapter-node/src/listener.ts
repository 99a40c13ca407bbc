import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { FetchApp } from '@sluice/core';
import { InvalidResponseError, NodeAdapterError } from './errors.ts';
import type { Exchange } from './exchange/exchange.ts';
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

  function fail(error: unknown, exchange: Exchange): void {
    if (!(error instanceof NodeAdapterError && error === exchange.reason))
      onError(error, exchange.request);
    failResponse(exchange.outgoing, 500);
  }

  async function handle(request: Request, env: HttpBindings): Promise<Response> {
    const exchange = inFlight.add(env.outgoing, request);
    if (inFlight.closing) {
      failResponse(env.outgoing, 503);
      return RESPONSE_ALREADY_SENT;
    }
    try {
      // Awaiting also lets a body built from a string or bytes settle (see settledBytes).
      const response: unknown = await app.fetch(request, env);
      if (!(response instanceof Response)) throw new InvalidResponseError(response);
      const options = { head: request.method === 'HEAD', closeConnection: inFlight.closing };
      exchange.body = writeResponse(response, env.outgoing, options, fail, exchange);
    } catch (error) {
      fail(error, exchange); // the app failed, or the head was refused
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
