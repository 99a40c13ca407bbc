// SSEEventStore in one process's memory: resume across requests on one Node server (or one
// Worker isolate). For Lambda and multi-instance setups, implement SSEEventStore on Redis/DynamoDB.
import type { SSEEventStore, SSEReadOptions, SSEStoredEvent, SSEStreamInfo } from './store.ts';

export interface MemoryEventStoreOptions {
  /** A stream is forgotten this long after its last append or lease renewal. Default 10 min. */
  ttlMs?: number | undefined;
  /** Events kept per stream; older ones are evicted (readers behind them get a reset). Default 10000. */
  maxEvents?: number | undefined;
  /** The producer lease `sse()` uses when its own `leaseMs` is not set. Default: sse()'s 30000. */
  leaseMs?: number | undefined;
}

interface MemoryStream {
  events: SSEStoredEvent[];
  /** Index of the oldest retained event in `events` (evicted ones are dropped in batches). */
  head: number;
  lastSeq: number;
  ended: boolean;
  cancelled: boolean;
  leaseUntil: number;
  expiresAt: number;
  wakers: Set<() => void>;
}

const SWEEP_INTERVAL_MS = 1000;

export function memoryEventStore(options: MemoryEventStoreOptions = {}): SSEEventStore {
  const ttlMs = options.ttlMs ?? 600_000;
  const maxEvents = Math.max(1, options.maxEvents ?? 10_000);
  const streams = new Map<string, MemoryStream>();
  let nextSweep = 0;

  const drop = (id: string, stream: MemoryStream) => {
    streams.delete(id);
    wake(stream);
  };
  const sweep = (now: number) => {
    if (now < nextSweep) return;
    nextSweep = now + SWEEP_INTERVAL_MS;
    for (const [id, stream] of streams) if (stream.expiresAt <= now) drop(id, stream);
  };
  const live = (id: string): MemoryStream | undefined => {
    const now = Date.now();
    sweep(now);
    const stream = streams.get(id);
    if (stream && stream.expiresAt <= now) {
      drop(id, stream);
      return undefined;
    }
    return stream;
  };

  /** Stores `event` if it is the next one; the caller wakes the readers. */
  const store = (stream: MemoryStream, event: SSEStoredEvent): boolean => {
    if (stream.ended || event.seq !== stream.lastSeq + 1) return false;
    if (stream.cancelled && event.event !== 'end') return false;
    stream.events.push({ seq: event.seq, event: event.event, data: event.data });
    stream.lastSeq = event.seq;
    stream.ended = event.event === 'end';
    return true;
  };
  const stored = (stream: MemoryStream) => {
    stream.expiresAt = Date.now() + ttlMs;
    evictBeyond(stream, maxEvents);
    wake(stream);
  };

  return {
    leaseMs: options.leaseMs,

    async create(id, leaseMs) {
      if (live(id)) return false;
      const now = Date.now();
      streams.set(id, {
        events: [],
        head: 0,
        lastSeq: 0,
        ended: false,
        cancelled: false,
        leaseUntil: now + leaseMs,
        expiresAt: now + Math.max(ttlMs, leaseMs),
        wakers: new Set(),
      });
      return true;
    },

    async renew(id, leaseMs) {
      const stream = live(id);
      if (!stream || stream.ended || stream.cancelled) return false;
      const now = Date.now();
      stream.leaseUntil = now + leaseMs;
      stream.expiresAt = now + Math.max(ttlMs, leaseMs);
      return true;
    },

    async cancel(id) {
      const stream = live(id);
      if (!stream) return;
      stream.cancelled = true;
      stream.leaseUntil = 0;
    },

    async append(id, event) {
      const stream = live(id);
      if (!stream || !store(stream, event)) return false;
      stored(stream);
      return true;
    },

    async appendMany(id, events) {
      const stream = live(id);
      if (!stream) return 0;
      let count = 0;
      while (count < events.length && store(stream, events[count]!)) count++;
      if (count > 0) stored(stream);
      return count;
    },

    async info(id): Promise<SSEStreamInfo | undefined> {
      const stream = live(id);
      if (!stream) return undefined;
      const producing = !stream.ended && stream.leaseUntil > Date.now();
      return { lastSeq: stream.lastSeq, ended: stream.ended, producing };
    },

    async read(id, afterSeq, readOptions) {
      const stream = live(id);
      if (!stream) return [];
      const found = eventsAfter(stream, afterSeq, readOptions.limit);
      if (found.length > 0 || readOptions.waitMs <= 0 || readOptions.signal?.aborted) return found;
      await appended(stream, readOptions);
      const after = live(id);
      return after ? eventsAfter(after, afterSeq, readOptions.limit) : [];
    },
  };
}

function eventsAfter(stream: MemoryStream, afterSeq: number, limit: number): SSEStoredEvent[] {
  const retained = stream.events.length - stream.head;
  const firstSeq = stream.lastSeq - retained + 1;
  const start = stream.head + Math.max(0, afterSeq + 1 - firstSeq);
  return stream.events.slice(start, start + Math.max(1, limit));
}

function evictBeyond(stream: MemoryStream, maxEvents: number): void {
  if (stream.events.length - stream.head <= maxEvents) return;
  stream.head = stream.events.length - maxEvents;
  if (stream.head >= 1024 && stream.head * 2 >= stream.events.length) {
    stream.events = stream.events.slice(stream.head);
    stream.head = 0;
  }
}

function wake(stream: MemoryStream): void {
  for (const waker of stream.wakers) waker();
  stream.wakers.clear();
}

/** Resolves on the next append (or drop), after `waitMs`, or when `signal` aborts. */
function appended(stream: MemoryStream, { waitMs, signal }: SSEReadOptions): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      stream.wakers.delete(done);
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    signal?.addEventListener('abort', done, { once: true });
    stream.wakers.add(done);
  });
}
