// Where resumable chats keep their events: Redis Streams when REDIS_URL is set (shared by every
// Node process and Lambda invocation), else this process's memory (`npm start` needs nothing).
import { memoryEventStore, type SSEEventStore } from '@sluice/core';

export interface EventStoreHandle {
  store: SSEEventStore;
  kind: 'memory' | 'redis';
  /** Closes the store's connections (Redis); a no-op in memory. */
  close(): Promise<void>;
}

export async function createEventStore(redisUrl: string | undefined): Promise<EventStoreHandle> {
  if (redisUrl === undefined) {
    const store = memoryEventStore({ ttlMs: 10 * 60_000, maxEvents: 10_000 });
    return { store, kind: 'memory', close: async () => {} };
  }
  // Loaded only when configured: the memory-only path never loads a Redis client.
  const { redisEventStore } = await import('@sluice/store-redis');
  const store = redisEventStore({ url: redisUrl, keyPrefix: 'sluice-demo:' });
  return { store, kind: 'redis', close: () => store.close() };
}
