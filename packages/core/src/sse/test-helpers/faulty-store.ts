// A real memoryEventStore behind a switchboard of store failures, for testing how sse() reports
// an unavailable store. The memory store does the storing; only the failures are injected.
import { SSEStoreError } from '../errors.ts';
import { memoryEventStore } from '../memory-store.ts';
import type { SSEEventStore, SSEStoredEvent } from '../store.ts';

type Operation = 'create' | 'renew' | 'cancel' | 'append' | 'info' | 'read';

export interface FaultyStore extends SSEEventStore {
  /** Operations that reject with SSEStoreError while listed (`append` covers appendMany). */
  readonly failing: Set<Operation>;
  /** Appends of a run holding this seq reject once, storing nothing. */
  failAppendOf: number | undefined;
  /** The `leaseMs` every create() was given. */
  readonly leases: number[];
  /** Number of append() and appendMany() calls. */
  appendCalls: number;
}

export function faultyStore(inner: SSEEventStore = memoryEventStore()): FaultyStore {
  const unavailable = (operation: Operation) =>
    new SSEStoreError(`test store: ${operation} failed (10.0.0.7:6379 is down)`);
  const guard = (operation: Operation) => {
    if (store.failing.has(operation)) throw unavailable(operation);
  };
  const guardAppend = (events: SSEStoredEvent[]) => {
    store.appendCalls++;
    guard('append');
    if (events.some((event) => event.seq === store.failAppendOf)) {
      store.failAppendOf = undefined;
      throw unavailable('append');
    }
  };
  const store: FaultyStore = {
    failing: new Set(),
    failAppendOf: undefined,
    leases: [],
    appendCalls: 0,
    leaseMs: inner.leaseMs,
    async create(id, leaseMs) {
      guard('create');
      store.leases.push(leaseMs);
      return inner.create(id, leaseMs);
    },
    async renew(id, leaseMs) {
      guard('renew');
      return inner.renew(id, leaseMs);
    },
    async cancel(id) {
      guard('cancel');
      return inner.cancel(id);
    },
    async append(id, event) {
      guardAppend([event]);
      return inner.append(id, event);
    },
    async appendMany(id, events) {
      guardAppend(events);
      return inner.appendMany!(id, events);
    },
    async info(id) {
      guard('info');
      return inner.info(id);
    },
    async read(id, afterSeq, options) {
      guard('read');
      return inner.read(id, afterSeq, options);
    },
  };
  return store;
}
