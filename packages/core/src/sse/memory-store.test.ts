import { describe, expect, it } from 'vitest';
import { memoryEventStore } from './memory-store.ts';
import { eventStoreContract } from './store-contract.ts';

describe('memoryEventStore: the SSEEventStore contract', () => {
  for (const { name, run } of eventStoreContract((limits) => memoryEventStore(limits))) {
    it(name, run);
  }
});

describe('memoryEventStore limits', () => {
  it('evicts the oldest events beyond maxEvents; reads start at the oldest kept', async () => {
    const store = memoryEventStore({ maxEvents: 3 });
    await store.create('s', 60_000);
    for (let seq = 1; seq <= 2000; seq++)
      await store.append('s', { seq, event: 'message', data: `${seq}` });
    const kept = await store.read('s', 0, { limit: 10, waitMs: 0 });
    expect(kept.map((e) => e.seq)).toEqual([1998, 1999, 2000]);
    expect((await store.read('s', 1998, { limit: 10, waitMs: 0 })).map((e) => e.seq)).toEqual([
      1999, 2000,
    ]);
  });

  it('forgets a stream ttlMs after its last write, so the id can start over', async () => {
    const store = memoryEventStore({ ttlMs: 1 });
    await store.create('s', 1);
    await store.append('s', { seq: 1, event: 'message', data: 'x' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.info('s')).toBeUndefined();
    expect(await store.create('s', 1)).toBe(true);
  });

  it('reports producing false once the lease lapses without renewal', async () => {
    const store = memoryEventStore();
    await store.create('s', 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.info('s')).toEqual({ lastSeq: 0, ended: false, producing: false });
  });
});
