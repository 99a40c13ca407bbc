import type { IncomingMessage, ServerResponse } from 'node:http';
import { BackgroundTasks } from '@sluice/core';
import { type AppLike, toFetchHandler } from './app.ts';
import { InvalidResponseError, NodeAdapterError, RequestBodyTimeoutError } from './errors.ts';
import { guardBodyIdle } from './exchange/body-idle.ts';
import { InFlight } from './exchange/in-flight.ts';
import { failResponse } from './response/fallback.ts';
import { writeResponse } from './response/write-response.ts';
import { isFastResponse } from './web/fast-response.ts';
import { installGlobals } from './web/globals.ts';
import { nativeRequest } from './web/native-request.ts';
import { isNativeResponse } from './web/natives.ts';
import { NodeRequest } from './web/node-request.ts';
import { setBodyFailure } from './web/request-body.ts';
import { readHeadFacts, requestUrl } from './web/request-url.ts';

export interface ListenerOptions {
  /**
   * Called once per failed request: the app threw or returned no Response (the client gets a
   * 500), the head was refused, or a response body failed (the client gets a truncated body).
   * Not called for the adapter's own abort reasons. Default: `console.error`.
   */
  onError?: (error: unknown, request: Request) => void;
  /**
   * Install the lightweight `Response`, the `Request` that accepts the adapter's requests and
   * the `fetch` that forwards them (default `true`, as `@hono/node-server`). `false` keeps
   * the globals and gives the app native Requests: everything works, at about half the
   * hello-world speed.
   */
  overrideGlobalObjects?: boolean;
  /** Take `request.url`'s scheme from `X-Forwarded-Proto` (only behind a proxy that sets it). */
  trustProxy?: boolean;
  /**
   * A request body that sends no byte for this long gets a 408 (or its connection closed once
   * the response started). Default 60 000; `0` disables. Response streams are never bounded.
   */
  requestBodyIdleTimeoutMs?: number;
}

/** A `node:http` request listener, plus graceful shutdown of the requests it is serving. */
export interface NodeListener {
  (incoming: IncomingMessage, outgoing: ServerResponse): void;
  /** Responses not closed yet. */
  readonly inFlight: number;
  /** `waitUntil` tasks not settled yet. */
  readonly pendingTasks: number;
  /**
   * Aborts `request.signal` of every request in flight with a `ServerShutdownError`, answers
   * new requests with 503 + `Connection: close`, and resolves once every response closed and
   * every `waitUntil` task settled, or `timeoutMs` passed (what it cuts is logged), with the
   * number of responses still open (destroy those, e.g. `server.closeAllConnections()`).
   * Call it after `server.close()`.
   */
  shutdown(timeoutMs: number): Promise<number>;
}

export const listenerOptionNames = [
  'onError',
  'overrideGlobalObjects',
  'trustProxy',
  'requestBodyIdleTimeoutMs',
] as const;

const defaultOnError = (error: unknown) => console.error(error);
const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/**
 * Serves `app` from an `http.Server` you create. The app is called as
 * `app.fetch(request, { incoming, outgoing }, executionCtx)`.
 */
export function createListener(app: AppLike, options: ListenerOptions = {}): NodeListener {
  const fetch = toFetchHandler(app);
  const onError = options.onError ?? defaultOnError;
  const lightweight = options.overrideGlobalObjects !== false;
  const urlSettings = { trustProxy: options.trustProxy === true };
  const bodyIdleMs = options.requestBodyIdleTimeoutMs ?? 60_000;
  if (lightweight) installGlobals();
  const inFlight = new InFlight();
  const tasks = new BackgroundTasks();
  const executionCtx = tasks.context;

  function report(error: unknown, request: Request, outgoing: ServerResponse): void {
    const exchange = inFlight.of(outgoing);
    if (error instanceof NodeAdapterError && error === exchange?.reason) return;
    try {
      onError(error, request);
    } catch (thrown) {
      console.error('[sluice] onError threw while reporting', error, thrown);
    }
  }

  function fail(error: unknown, request: Request, outgoing: ServerResponse): void {
    report(error, request, outgoing);
    failResponse(outgoing, 500);
  }

  function failBody(error: unknown, outgoing: ServerResponse): void {
    const exchange = inFlight.of(outgoing);
    if (exchange !== undefined) fail(error, exchange.request, outgoing);
    else failResponse(outgoing, 500);
  }

  function send(
    response: unknown,
    request: Request,
    outgoing: ServerResponse,
    controller: AbortController | undefined,
  ): void {
    try {
      if (!isNativeResponse(response)) throw new InvalidResponseError(response);
      const options = { head: request.method === 'HEAD', closeConnection: inFlight.closing };
      const writer = writeResponse(response as Response, outgoing, options, failBody, outgoing);
      if (writer !== undefined)
        (inFlight.of(outgoing) ?? inFlight.add(outgoing, request, controller)).body = writer;
    } catch (error) {
      fail(error, request, outgoing); // no Response, or the head was refused: nothing was sent
    }
  }

  function onBodyIdle(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const error = new RequestBodyTimeoutError(bodyIdleMs);
    setBodyFailure(incoming, error);
    inFlight.of(outgoing)?.abort(error);
    // Destroying the request errors its body (for an app still reading) and closes the socket.
    if (outgoing.headersSent || outgoing.writableEnded) {
      incoming.destroy(error);
      return;
    }
    failResponse(outgoing, 408); // with Connection: close
    outgoing.once('close', () => incoming.destroy(error));
  }

  const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    incoming.socket?.setNoDelay(true);
    const facts = readHeadFacts(incoming.rawHeaders);
    let request: Request;
    let controller: AbortController | undefined;
    try {
      const url = requestUrl(incoming, facts, urlSettings);
      if (lightweight) {
        request = new NodeRequest(incoming, url, facts.hasBody) as unknown as Request;
      } else {
        controller = new AbortController();
        request = nativeRequest(incoming, url, facts.hasBody, controller.signal);
      }
    } catch {
      failResponse(outgoing, 400);
      return;
    }
    if (inFlight.closing) {
      failResponse(outgoing, 503);
      return;
    }
    if (facts.hasBody) guardBodyIdle(incoming, outgoing, bodyIdleMs, onBodyIdle);
    let result: unknown;
    try {
      result = fetch(request, { incoming, outgoing }, executionCtx);
    } catch (error) {
      fail(error, request, outgoing);
      return;
    }
    // A native Response's in-memory body settles a microtask after its constructor ran (see
    // settledBytes): it goes the async way, one tick later. A FastResponse is written now.
    if (!isThenable(result) && (isFastResponse(result) || !isNativeResponse(result))) {
      send(result, request, outgoing, controller);
      return;
    }
    // Tracked while the app works: the client leaving or a shutdown aborts request.signal.
    inFlight.add(outgoing, request, controller);
    try {
      (isThenable(result) ? result : Promise.resolve(result)).then(
        (response) => send(response, request, outgoing, controller),
        (error: unknown) => fail(error, request, outgoing),
      );
    } catch (error) {
      fail(error, request, outgoing);
    }
  };

  let shuttingDown: Promise<number> | undefined;
  async function shutdown(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    try {
      await Promise.all([inFlight.shutdown(deadline), tasks.settle(deadline)]);
    } finally {
      clearTimeout(timer);
    }
    const open = inFlight.size;
    const unfinished = tasks.pending;
    if (open > 0 || unfinished > 0) {
      console.warn(
        `[sluice] shutdown: after ${timeoutMs} ms, cutting ${open} response(s) still open; ` +
          `${unfinished} waitUntil task(s) did not finish`,
      );
    }
    return open;
  }

  return Object.defineProperties(listener, {
    inFlight: { get: () => inFlight.size },
    pendingTasks: { get: () => tasks.pending },
    shutdown: {
      value: (timeoutMs: number) => {
        shuttingDown ??= shutdown(timeoutMs);
        return shuttingDown;
      },
    },
  }) as NodeListener;
}
