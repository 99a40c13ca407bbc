// A fetch-based client that survives dropped connections: it resumes with Last-Event-ID, keeps
// the running digest across connections, and yields every event of the logical stream once.
import { SSETruncatedError } from './errors.ts';
import { createReaderState, type ReaderState, readEvents } from './reader.ts';
import { reconnectDelayMs } from './reconnect-delay.ts';
import type { ReadSSEOptions, SSEMessage } from './types.ts';

export interface ConnectSSEInit extends RequestInit, ReadSSEOptions {
  /** Reconnects in a row without receiving an event before giving up. Default 5. */
  maxRetries?: number | undefined;
  /**
   * First reconnect delay when the server sent no `retry:`; doubles per failure. Default 1000.
   * Each wait is drawn from the upper half of that figure, so cut clients do not return at once.
   */
  retryMs?: number | undefined;
  /** Upper bound of the reconnect delay. Default 30000. */
  maxRetryMs?: number | undefined;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch | undefined;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export async function* connectSSE(
  url: string | URL,
  init: ConnectSSEInit = {},
): AsyncGenerator<SSEMessage, void, undefined> {
  const { maxRetries = 5, retryMs = 1000, maxRetryMs = 30_000 } = init;
  const signal = init.signal ?? undefined;
  const { checksum, onReset, maxEventSize } = init;
  const state = createReaderState({ checksum, onReset, maxEventSize });
  let failures = 0;
  for (;;) {
    const received = state.tally.count;
    const outcome = yield* connectOnce(url, init, state);
    if (outcome === undefined) return;
    if (signal?.aborted) throw signal.reason;
    failures = state.tally.count > received ? 1 : failures + 1;
    if (failures > maxRetries) throw outcome.failure;
    await sleep(reconnectDelayMs(failures, state.retryMs ?? retryMs, maxRetryMs), signal);
  }
}

/** One connection: resolves undefined once `end` verified, or the failure worth a retry. */
async function* connectOnce(
  url: string | URL,
  init: ConnectSSEInit,
  state: ReaderState,
): AsyncGenerator<SSEMessage, { failure: unknown } | undefined, undefined> {
  const { fetch: fetchImpl = globalThis.fetch, ...requestInit } = init;
  const received = state.tally.count;
  let response: Response;
  try {
    response = await fetchImpl(url, { ...requestInit, headers: requestHeaders(init, received) });
  } catch (failure) {
    return { failure }; // network error (or abort, which the caller rethrows)
  }
  if (response.status === 204) {
    await response.body?.cancel();
    const message = 'The server has nothing more to send (204), but no end event arrived';
    throw new SSETruncatedError(message, received);
  }
  if (RETRYABLE_STATUS.has(response.status)) {
    await response.body?.cancel();
    return { failure: new SSETruncatedError(`Reconnect answered ${response.status}`, received) };
  }
  try {
    yield* readEvents(response, state);
    return undefined;
  } catch (failure) {
    if (failure instanceof SSETruncatedError) return { failure };
    throw failure;
  }
}

function requestHeaders(init: ConnectSSEInit, received: number): Headers {
  const headers = new Headers(init.headers);
  headers.set('accept', 'text/event-stream');
  if (received > 0) headers.set('last-event-id', String(received));
  else headers.delete('last-event-id');
  return headers;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
