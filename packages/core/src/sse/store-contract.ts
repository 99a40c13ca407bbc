// The behaviour sse() relies on from an SSEEventStore, as framework-free test cases, so a Redis or
// DynamoDB store can run the same checks:
//   for (const { name, run } of eventStoreContract((limits) => myStore(limits))) it(name, run);
import type { SSEEventStore } from './store.ts';
import { limitCases } from './store-contract-limits.ts';
import {
  event,
  noWait,
  type StoreContractCase,
  type StoreFactory,
  same,
  uniqueId,
  within,
} from './store-contract-support.ts';

export type { StoreContractCase, StoreFactory, StoreLimits } from './store-contract-support.ts';

export interface EventStoreContractOptions {
  /** The TTL the expiry case asks the factory for. Default 200. */
  ttlMs?: number | undefined;
  /** The `maxEvents` the eviction case asks the factory for. Default 5. */
  maxEvents?: number | undefined;
  /** Events a store may keep beyond `maxEvents` (e.g. Redis `MAXLEN ~`: 100). Default 0. */
  maxEventsSlack?: number | undefined;
}

const LEASE_MS = 60_000;
/** A bound for "at once": only a hang (a wait of `waitMs`) exceeds it. */
const HANG_MS = 10_000;

/** Test cases every SSEEventStore must pass; each uses fresh stream ids. */
export function eventStoreContract(
  createStore: StoreFactory,
  options: EventStoreContractOptions = {},
): StoreContractCase[] {
  const withStream = (name: string, body: (store: SSEEventStore, id: string) => Promise<void>) => ({
    name,
    run: async () => body(await createStore(), uniqueId()),
  });
  const limits = {
    ttlMs: options.ttlMs ?? 200,
    maxEvents: options.maxEvents ?? 5,
    maxEventsSlack: options.maxEventsSlack ?? 0,
  };
  return [
    withStream('create() succeeds once per stream id', async (store, id) => {
      same(await store.create(id, LEASE_MS), true, 'first create');
      same(await store.create(id, LEASE_MS), false, 'second create');
      same(await store.create(`${id}-other`, LEASE_MS), true, 'create of another id');
    }),
    withStream('info() of an unknown stream is undefined', async (store, id) => {
      same(await store.info(id), undefined, 'info of unknown stream');
      same(await store.read(id, 0, noWait), [], 'read of unknown stream');
    }),
    withStream(
      'read() of an unknown stream resolves [] at once, even with waitMs',
      async (store, id) => {
        const waiting = store.read(id, 0, { limit: 10, waitMs: 10 * 60_000 });
        same(await within(waiting, HANG_MS, 'read of an unknown stream'), [], 'read');
      },
    ),
    withStream('append() takes only the next sequence number', async (store, id) => {
      same(await store.append(id, event(1)), false, 'append before create');
      await store.create(id, LEASE_MS);
      same(await store.append(id, event(2)), false, 'append with a gap');
      same(await store.append(id, event(1)), true, 'append 1');
      same(await store.append(id, event(1)), false, 'append 1 again');
      same(await store.append(id, event(2)), true, 'append 2');
      same(await store.info(id), { lastSeq: 2, ended: false, producing: true }, 'info');
    }),
    withStream(
      'read() returns events after a sequence number, in order and intact',
      async (store, id) => {
        await store.create(id, LEASE_MS);
        const stored = [
          event(1, '{"json":true}'),
          event(2, 'multi\nline', 'delta'),
          event(3, ''),
          event(4, 'ünïcødé 🚀 日本語'),
          event(5, 'x'.repeat(100_000)),
        ];
        for (const each of stored) await store.append(id, each);
        same(await store.read(id, 0, noWait), stored, 'read after 0');
        same(await store.read(id, 3, noWait), stored.slice(3), 'read after 3');
        same(await store.read(id, 5, noWait), [], 'read after the last');
        same(await store.read(id, 1, { limit: 2, waitMs: 0 }), stored.slice(1, 3), 'limit');
      },
    ),
    withStream('the end event is stored and read like any other', async (store, id) => {
      await store.create(id, LEASE_MS);
      await store.append(id, event(1));
      const end = event(2, '{"v":1,"status":"complete","count":1}', 'end');
      same(await store.append(id, end), true, 'append end');
      same(await store.read(id, 1, noWait), [end], 'read end');
      const info = await store.info(id);
      same([info?.lastSeq, info?.ended], [2, true], 'info after end');
      same(await store.append(id, event(3)), false, 'append after end');
    }),
    withStream(
      'appendMany() (when implemented) stores a run, up to a refusal',
      async (store, id) => {
        if (!store.appendMany) return; // optional: sse() then appends one event at a time
        same(await store.appendMany(id, [event(1)]), 0, 'appendMany before create');
        await store.create(id, LEASE_MS);
        same(await store.appendMany(id, [event(2), event(3)]), 0, 'appendMany with a gap');
        const run = [event(1, 'a'), event(2, 'b\nc', 'delta'), event(3, '')];
        same(await store.appendMany(id, run), 3, 'appendMany of 3');
        same(await store.read(id, 0, noWait), run, 'read the run');
        const end = event(5, '{}', 'end');
        same(await store.appendMany(id, [event(4), end, event(6)]), 2, 'appendMany past end');
        same(await store.read(id, 3, noWait), [event(4), end], 'read up to end');
        same((await store.info(id))?.ended, true, 'ended');
      },
    ),
    withStream('read() waits for the next append', async (store, id) => {
      await store.create(id, LEASE_MS);
      await store.append(id, event(1));
      const waiting = store.read(id, 1, { limit: 10, waitMs: 30_000 });
      await store.append(id, event(2));
      same(await waiting, [event(2)], 'events read while waiting');
    }),
    withStream('read() resolves [] after waitMs without appends', async (store, id) => {
      await store.create(id, LEASE_MS);
      same(await store.read(id, 0, { limit: 10, waitMs: 20 }), [], 'read of an idle stream');
    }),
    withStream('read() resolves [] soon after its signal aborts', async (store, id) => {
      await store.create(id, LEASE_MS);
      const controller = new AbortController();
      const waiting = store.read(id, 0, { limit: 10, waitMs: 30_000, signal: controller.signal });
      controller.abort();
      same(await waiting, [], 'read after abort');
    }),
    withStream('renew() keeps the lease; cancel() ends it', async (store, id) => {
      same(await store.renew(id, LEASE_MS), false, 'renew of unknown stream');
      await store.create(id, LEASE_MS);
      same(await store.renew(id, LEASE_MS), true, 'renew');
      await store.cancel(id);
      same(await store.renew(id, LEASE_MS), false, 'renew after cancel');
      same((await store.info(id))?.producing, false, 'producing after cancel');
    }),
    withStream(
      'after cancel(), append() refuses content events but takes end',
      async (store, id) => {
        await store.create(id, LEASE_MS);
        same(await store.append(id, event(1)), true, 'append before cancel');
        await store.cancel(id);
        same(await store.append(id, event(2)), false, 'content append after cancel');
        if (store.appendMany) {
          same(await store.appendMany(id, [event(2), event(3)]), 0, 'appendMany after cancel');
        }
        const end = event(2, '{"v":1,"status":"aborted","count":1}', 'end');
        same(await store.append(id, end), true, 'end after cancel (the producer or a reader)');
        same(await store.read(id, 0, noWait), [event(1), end], 'stored');
      },
    ),
    withStream('renew() fails once the stream ended', async (store, id) => {
      await store.create(id, LEASE_MS);
      await store.append(id, event(1, '{}', 'end'));
      same(await store.renew(id, LEASE_MS), false, 'renew after end');
      same((await store.info(id))?.producing, false, 'producing after end');
    }),
    withStream('streams are isolated by id', async (store, id) => {
      await store.create(id, LEASE_MS);
      await store.create(`${id}-b`, LEASE_MS);
      await store.append(id, event(1, 'a'));
      await store.append(`${id}-b`, event(1, 'b'));
      same(await store.read(id, 0, noWait), [event(1, 'a')], 'stream a');
      same(await store.read(`${id}-b`, 0, noWait), [event(1, 'b')], 'stream b');
    }),
    ...limitCases(createStore, limits),
  ];
}
