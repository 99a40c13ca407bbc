// Contract cases for a store's limits: streams expire `ttlMs` after their last write, and only
// about `maxEvents` per stream are kept. The factory is asked for a store with small limits.
import type { SSEEventStore } from './store.ts';
import {
  check,
  event,
  eventually,
  noWait,
  type StoreContractCase,
  type StoreFactory,
  type StoreLimits,
  same,
  uniqueId,
} from './store-contract-support.ts';

export interface LimitCaseSettings extends StoreLimits {
  /** How many events beyond `maxEvents` a store may keep (Redis `MAXLEN ~` trims whole nodes). */
  maxEventsSlack: number;
}

export function limitCases(
  createStore: StoreFactory,
  settings: LimitCaseSettings,
): StoreContractCase[] {
  const { ttlMs, maxEvents, maxEventsSlack } = settings;
  const limited = (name: string, body: (store: SSEEventStore, id: string) => Promise<void>) => ({
    name,
    run: async () => body(await createStore({ ttlMs, maxEvents }), uniqueId()),
  });
  return [
    limited(`forgets a stream ttlMs (${ttlMs} ms) after its last write`, async (store, id) => {
      same(await store.create(id, Math.min(ttlMs, 50)), true, 'create');
      same(await store.append(id, event(1)), true, 'append');
      // Generous bound: stores may expire lazily (Redis samples expired keys).
      const gone = async () => (await store.info(id)) === undefined;
      await eventually(gone, ttlMs * 10 + 5000, 'expiry');
      same(await store.read(id, 0, noWait), [], 'read after expiry');
      same(await store.append(id, event(2)), false, 'append after expiry');
      same(await store.create(id, 60_000), true, 'create again after expiry');
      same(await store.info(id), { lastSeq: 0, ended: false, producing: true }, 'info of new run');
    }),
    limited(`keeps about maxEvents (${maxEvents}) events per stream`, async (store, id) => {
      await store.create(id, 60_000);
      const total = maxEvents + maxEventsSlack + 50;
      for (let seq = 1; seq <= total; seq++) {
        same(await store.append(id, event(seq)), true, `append ${seq}`);
      }
      const kept = await store.read(id, 0, { limit: total, waitMs: 0 });
      const range = `${maxEvents}..${maxEvents + maxEventsSlack}`;
      check(kept.length >= maxEvents, `kept ${kept.length} events, expected ${range}`);
      check(kept.length <= maxEvents + maxEventsSlack, `kept ${kept.length}, expected ${range}`);
      const firstKept = total - kept.length + 1;
      const expected = Array.from({ length: kept.length }, (_, i) => event(firstKept + i));
      same(kept, expected, 'the newest events, in order');
      same(await store.read(id, 1, noWait), expected.slice(0, 1000), 'read from an evicted seq');
      same((await store.info(id))?.lastSeq, total, 'lastSeq after eviction');
      same(await store.append(id, event(total + 1, '{}', 'end')), true, 'end after eviction');
    }),
  ];
}
