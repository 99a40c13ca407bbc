// Connection lifecycle against a real redis-server: blocking reads hold one connection only while
// they wait, aborts and close() release everything, and a Redis outage surfaces as an error.
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { eventually } from '../test/eventually.ts';
import { type RedisServer, startRedisServer } from '../test/redis-server.ts';
import { CONNECTION_NAME } from './client.ts';
import { RedisStoreError } from './errors.ts';
import type { RedisEventStoreOptions } from './options.ts';
import { redisEventStore } from './store.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** The store's connections as Redis sees them. */
async function redisConnections(server = redis): Promise<number> {
  return (await storeClients(server)).length;
}

/**
 * The store's connections blocked in XREAD right now. `cmd=` alone is not enough: it names the
 * last command, so an idle connection that once blocked still shows `cmd=xread`.
 */
async function blockedReads(server = redis): Promise<number> {
  const blocked = (line: string) => /\bflags=\w*b/.test(line) && line.includes(' cmd=xread ');
  return (await storeClients(server)).filter(blocked).length;
}

async function storeClients(server: RedisServer): Promise<string[]> {
  const list = await server.command(['CLIENT', 'LIST']);
  return list.split('\n').filter((line) => line.includes(` name=${CONNECTION_NAME} `));
}

/** A store on the shared server, closed when the test ends even if it fails: no later test sees its connections. */
function openStore(options: Omit<RedisEventStoreOptions, 'url' | 'client'>) {
  const store = redisEventStore({ url: redis.url, ...options });
  onTestFinished(() => store.close());
  return store;
}

/** Sockets and timers of this process, by type (the test runner's own included). */
function handles(): { sockets: number; timers: number } {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return { sockets: counts.TCPSocketWrap ?? 0, timers: counts.Timeout ?? 0 };
}

/** Settles now (no unhandled rejection while the test does other things): the error or undefined. */
const outcome = (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => undefined,
    (failure: unknown) => failure,
  );

const expectUnavailable = (error: unknown) => {
  expect(error).toBeInstanceOf(RedisStoreError);
  expect((error as RedisStoreError).code).toBe('store_unavailable');
};
const expectStoreUnavailable = async (work: Promise<unknown>) =>
  expectUnavailable(await outcome(work));

describe('connections', () => {
  it('a waiting read holds one extra connection; it is reused, and closed on abort', async () => {
    const store = openStore({ keyPrefix: 'pool:' });
    await store.create('s', 60_000);
    expect(await redisConnections()).toBe(1);

    const waiting = store.read('s', 0, { limit: 10, waitMs: 30_000 });
    await eventually(async () => (await blockedReads()) === 1, 'one read blocked in XREAD');
    expect(await redisConnections()).toBe(2);
    await store.append('s', { seq: 1, event: 'message', data: 'a' });
    expect(await waiting).toEqual([{ seq: 1, event: 'message', data: 'a' }]);
    expect(await redisConnections()).toBe(2); // idle, kept for the next wait

    const controller = new AbortController();
    const aborted = store.read('s', 1, { limit: 10, waitMs: 30_000, signal: controller.signal });
    await eventually(async () => (await blockedReads()) === 1, 'one read blocked in XREAD');
    expect(await redisConnections()).toBe(2); // the idle one was reused
    controller.abort();
    expect(await aborted).toEqual([]);
    await eventually(async () => (await redisConnections()) === 1, 'one store connection left');

    await store.close();
    await eventually(async () => (await redisConnections()) === 0, 'no store connection left');
  });

  it('close() ends waiting reads and leaves no connection', async () => {
    const store = openStore({ keyPrefix: 'close:' });
    await store.create('s', 60_000);
    const waits = [1, 2, 3].map(() => outcome(store.read('s', 0, { limit: 10, waitMs: 30_000 })));
    await eventually(async () => (await blockedReads()) === 3, 'three reads blocked in XREAD');
    await store.close();
    for (const wait of waits) expectUnavailable(await wait);
    await expectStoreUnavailable(store.info('s'));
    await eventually(async () => (await redisConnections()) === 0, 'no store connection left');
  });

  it('closes idle read connections after idleTimeoutMs', async () => {
    const store = openStore({ keyPrefix: 'idle:', idleTimeoutMs: 50 });
    await store.create('s', 60_000);
    expect(await store.read('s', 0, { limit: 10, waitMs: 10 })).toEqual([]);
    await eventually(async () => (await redisConnections()) === 1, 'one store connection left');
    await store.close();
  });
});

describe('Redis down', () => {
  it('unreachable: every operation rejects with store_unavailable', async () => {
    const closedPort = await redisLikePort((socket) => socket.destroy());
    const store = redisEventStore({ url: `redis://127.0.0.1:${closedPort.port}` });
    await expectStoreUnavailable(store.create('s', 1000));
    await expectStoreUnavailable(store.info('s'));
    await expectStoreUnavailable(store.read('s', 0, { limit: 1, waitMs: 1000 }));
    await store.close();
    await closedPort.close();
  });

  it('a server that never answers: commands reject after commandTimeoutMs', async () => {
    const silent = await redisLikePort(() => {});
    const store = redisEventStore({
      url: `redis://127.0.0.1:${silent.port}`,
      connectTimeoutMs: 200,
      commandTimeoutMs: 200,
    });
    await expectStoreUnavailable(store.append('s', { seq: 1, event: 'message', data: 'x' }));
    await expectStoreUnavailable(store.read('s', 0, { limit: 1, waitMs: 100 }));
    await store.close();
    await silent.close();
  });

  it('killed mid-wait, then restarted: errors, then recovery; no socket or timer left', async () => {
    const own = await startRedisServer();
    try {
      await new Promise((resolve) => setTimeout(resolve, 10)); // the start-up PING socket closes
      const before = handles();
      const store = redisEventStore({ url: own.url, connectTimeoutMs: 500 });
      await store.create('s', 60_000);
      await store.append('s', { seq: 1, event: 'message', data: 'a' });
      const waiting = outcome(store.read('s', 1, { limit: 10, waitMs: 30_000 }));
      await eventually(async () => (await blockedReads(own)) === 1, 'one read blocked in XREAD');

      await own.kill();
      expectUnavailable(await waiting);
      await expectStoreUnavailable(store.append('s', { seq: 2, event: 'message', data: 'b' }));
      await expectStoreUnavailable(store.read('s', 1, { limit: 10, waitMs: 1000 }));

      await own.restart(); // empty: persistence is off, and the script cache is gone
      expect(await store.info('s')).toBeUndefined();
      expect(await store.create('s', 60_000)).toBe(true);
      const next = store.read('s', 0, { limit: 10, waitMs: 30_000 });
      await store.append('s', { seq: 1, event: 'message', data: 'again' });
      expect(await next).toEqual([{ seq: 1, event: 'message', data: 'again' }]);

      await store.close();
      await eventually(async () => {
        const after = handles();
        return after.sockets <= before.sockets && after.timers <= before.timers;
      }, 'no socket or timer left behind');
    } finally {
      await own.stop();
    }
  });
});

/** A TCP port that accepts connections and hands each socket to `onSocket`. */
async function redisLikePort(onSocket: (socket: Socket) => void) {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    onSocket(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
