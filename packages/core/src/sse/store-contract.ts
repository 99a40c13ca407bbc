// The behaviour sse() relies on from an SSEEventStore, as framework-free test cases, so a Redis or
// DynamoDB store can run the same checks:
//   for (const { name, run } of eventStoreContract(() => myStore())) it(name, run);
import type { SSEEventStore, SSEStoredEvent } from './store.ts';

export interface StoreContractCase {
  name: string;
  run: () => Promise<void>;
}

export type StoreFactory = () => SSEEventStore | Promise<SSEEventStore>;

const LEASE_MS = 60_000;

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`SSEEventStore contract: ${message}`);
}

function same(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

const uniqueId = () => `contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const event = (seq: number, data = `data ${seq}`, type = 'message'): SSEStoredEvent => ({
  seq,
  event: type,
  data,
});
const noWait = { limit: 1000, waitMs: 0 };

/** Test cases every SSEEventStore must pass; each uses fresh stream ids. */
export function eventStoreContract(createStore: StoreFactory): StoreContractCase[] {
  const withStream = (name: string, body: (store: SSEEventStore, id: string) => Promise<void>) => ({
    name,
    run: async () => body(await createStore(), uniqueId()),
  });
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
      same(await store.append(id, event(1)), true, 'append after cancel (a reader ends it)');
    }),
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
  ];
}
