// Turns the three accepted source shapes into one pull interface that can be stopped.
import type { SSEEventInput, SSESend, SSESource, SSESourceFunction } from './types.ts';

export interface EventPuller {
  /** The next event; rejects when the source failed. */
  next(): Promise<IteratorResult<SSEEventInput, unknown>>;
  /** Stops the source: iterator `return()`, or aborts the function's signal. Idempotent. */
  stop(reason?: unknown): void;
}

/** Throws a TypeError for anything `openSource` cannot pull from. */
export function assertSource(source: unknown): asserts source is SSESource {
  if (typeof source === 'function') return;
  if (source !== null && typeof source === 'object') {
    if (Symbol.asyncIterator in source || Symbol.iterator in source) return;
  }
  throw new TypeError('sse(): the source must be an (async) iterable or a function');
}

/** Starts pulling: calls the function or opens the iterator. */
export function openSource(source: SSESource): EventPuller {
  if (typeof source === 'function') return pullFromFunction(source);
  if (Symbol.asyncIterator in source)
    return pullFromIterator(source[Symbol.asyncIterator](), false);
  return pullFromIterator(source[Symbol.iterator](), true);
}

function pullFromIterator(
  iterator: AsyncIterator<SSEEventInput> | Iterator<SSEEventInput>,
  sync: boolean,
): EventPuller {
  let stopped = false;
  return {
    next: sync
      ? async () => iterator.next()
      : () => nextOf(iterator as AsyncIterator<SSEEventInput>),
    stop() {
      if (stopped) return;
      stopped = true;
      // An async generator runs return() once its pending next() settles: within one event.
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => {});
    },
  };
}

/** `iterator.next()`, with a synchronous throw turned into a rejection. */
function nextOf(iterator: AsyncIterator<SSEEventInput>): Promise<IteratorResult<SSEEventInput>> {
  try {
    return iterator.next();
  } catch (error) {
    return Promise.reject(error);
  }
}

interface QueuedEvent {
  event: SSEEventInput;
  taken: () => void;
  refused: (reason: unknown) => void;
}

/** Runs `fn(send, signal)`; each `send` resolves when the stream has taken its event. */
function pullFromFunction(fn: SSESourceFunction): EventPuller {
  const controller = new AbortController();
  const queue: QueuedEvent[] = [];
  let waiting: (() => void) | undefined;
  let outcome: { error: unknown } | { done: true } | undefined;

  const wake = () => {
    waiting?.();
    waiting = undefined;
  };
  const send: SSESend = (event) => {
    if (controller.signal.aborted) return handledRejection(controller.signal.reason);
    const sent = new Promise<void>((taken, refused) => {
      queue.push({ event, taken, refused });
      wake();
    });
    sent.catch(() => {});
    return sent;
  };
  Promise.resolve()
    .then(() => fn(send, controller.signal))
    .then(
      () => {
        outcome ??= { done: true };
      },
      (error: unknown) => {
        outcome ??= { error };
      },
    )
    .finally(wake);

  return {
    async next() {
      for (;;) {
        const queued = queue.shift();
        if (queued) {
          queued.taken();
          return { done: false, value: queued.event };
        }
        if (outcome && 'error' in outcome) throw outcome.error;
        if (outcome) return { done: true, value: undefined };
        await new Promise<void>((resolve) => {
          waiting = resolve;
        });
      }
    },
    stop(reason) {
      if (controller.signal.aborted) return;
      controller.abort(reason);
      outcome ??= { done: true };
      for (const queued of queue.splice(0)) queued.refused(controller.signal.reason);
      wake();
    },
  };
}

/** A rejected promise that does not crash the process when the caller never awaits it. */
function handledRejection(reason: unknown): Promise<never> {
  const rejected = Promise.reject(reason);
  rejected.catch(() => {});
  return rejected;
}

const MICROTASK_TURNS = 32;

/**
 * True when `promise` settles within a few microtask turns: the source had the value ready and
 * did no I/O. Also marks a rejection as handled; the caller still awaits `promise` later.
 */
export async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  const mark = () => {
    settled = true;
  };
  promise.then(mark, mark);
  for (let turn = 0; turn < MICROTASK_TURNS && !settled; turn++) await undefined;
  return settled;
}
