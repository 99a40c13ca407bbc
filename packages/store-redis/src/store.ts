// SSEEventStore on Redis Streams: one stream key per logical SSE stream, explicit `<seq>-0` ids,
// Lua for the conditional writes, XRANGE replay and a blocking XREAD tail.
import type { SSEEventStore, SSEReadOptions, SSEStoredEvent, SSEStreamInfo } from '@sluice/core';
import { BlockingPool } from './blocking-pool.ts';
import { type RedisClientLike, urlClientFactory } from './client.ts';
import { toStoredEvents } from './entries.ts';
import { storeUnavailable } from './errors.ts';
import { streamKeys } from './keys.ts';
import { MainConnection } from './main-connection.ts';
import { type RedisEventStoreOptions, resolveOptions } from './options.ts';
import { APPEND, APPEND_MANY, CANCEL, CREATE, INFO, type LuaScript, RENEW } from './scripts.ts';
import { waitForEvents } from './tail.ts';

export interface RedisEventStore extends SSEEventStore {
  /** Closes the connections the store opened (not a `client` you passed in). */
  close(): Promise<void>;
}

export function redisEventStore(options: RedisEventStoreOptions): RedisEventStore {
  const settings = resolveOptions(options);
  const { keyPrefix, ttlMs, maxEvents, connectTimeoutMs, commandTimeoutMs } = settings;
  const createClient = options.url
    ? urlClientFactory(options.url, connectTimeoutMs)
    : () => (options.client as RedisClientLike).duplicate();
  const main = new MainConnection({
    client: options.client ?? createClient(),
    owned: options.client === undefined,
    connectTimeoutMs,
    commandTimeoutMs,
  });
  if (!options.client) main.client.on('error', () => {});
  const pool = new BlockingPool({
    create: createClient,
    connectTimeoutMs,
    maxIdle: settings.maxIdleConnections,
    idleTimeoutMs: settings.idleTimeoutMs,
  });

  /** EVALSHA, falling back to EVAL when Redis lost its script cache (restart, failover). */
  async function run(script: LuaScript, streamId: string, args: string[]): Promise<unknown> {
    const { log, lease } = streamKeys(keyPrefix, streamId);
    const tail = ['2', log, lease, ...args];
    try {
      return await main.send(['EVALSHA', script.sha1, ...tail], 'EVALSHA');
    } catch (error) {
      if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
      return main.send(['EVAL', script.source, ...tail], 'EVAL');
    }
  }

  const exists = async (key: string) => Number(await main.send(['EXISTS', key], 'EXISTS')) === 1;

  async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw storeUnavailable(what, error);
    }
  }

  /** Per reader (its signal): the seq it had read everything up to, as of its last read. */
  const caughtUp = new WeakMap<AbortSignal, number>();
  const leaseArgs = (leaseMs: number) => {
    const lease = Math.max(1, Math.ceil(leaseMs));
    return [String(lease), String(Math.max(ttlMs, lease))];
  };

  return {
    leaseMs: settings.leaseMs,

    create: (streamId, leaseMs) =>
      guarded('create', async () => (await run(CREATE, streamId, leaseArgs(leaseMs))) === 1),

    renew: (streamId, leaseMs) =>
      guarded('renew', async () => (await run(RENEW, streamId, leaseArgs(leaseMs))) === 1),

    cancel: (streamId) =>
      guarded('cancel', async () => {
        await run(CANCEL, streamId, [String(ttlMs)]);
      }),

    append: (streamId, event) =>
      guarded('append', async () => {
        const args = [String(event.seq), event.event, event.data, String(maxEvents), String(ttlMs)];
        return (await run(APPEND, streamId, args)) === 1;
      }),

    appendMany: (streamId, events) =>
      guarded('append', async () => {
        const args = [String(maxEvents), String(ttlMs), String(events[0]?.seq ?? 0)];
        // Only the consecutive prefix: one by one, append() would refuse at the first gap.
        for (const [i, event] of events.entries()) {
          if (event.seq !== events[0]!.seq + i) break;
          args.push(event.event, event.data);
        }
        if (args.length === 3) return 0;
        return Number(await run(APPEND_MANY, streamId, args));
      }),

    info: (streamId) =>
      guarded('info', async (): Promise<SSEStreamInfo | undefined> => {
        const reply = (await run(INFO, streamId, [])) as [number, string, string] | null;
        if (!reply) return undefined;
        const [lastSeq, lastType, lease] = reply;
        const ended = lastType === 'end';
        return { lastSeq: Number(lastSeq), ended, producing: !ended && lease === 'live' };
      }),

    read: (streamId, afterSeq, readOptions: SSEReadOptions) =>
      guarded('read', async (): Promise<SSEStoredEvent[]> => {
        const { log } = streamKeys(keyPrefix, streamId);
        const { limit, waitMs, signal } = readOptions;
        const count = String(Math.max(1, limit));
        let events: SSEStoredEvent[] = [];
        // A reader that had everything last time most likely waits now: block right away.
        const blockRightAway = signal && waitMs > 0 && caughtUp.get(signal) === afterSeq;
        if (!blockRightAway) {
          const range = ['XRANGE', log, `${afterSeq + 1}-0`, '+', 'COUNT', count];
          events = toStoredEvents(await main.send(range, 'XRANGE'));
        }
        if (events.length === 0 && waitMs > 0 && !signal?.aborted) {
          // Nothing will ever be appended to an unknown stream: answer now instead of blocking.
          if (!blockRightAway && !(await exists(log))) return [];
          events = await waitForEvents(pool, {
            log,
            afterSeq,
            count,
            commandTimeoutMs,
            ...readOptions,
          });
        }
        if (signal && events.length < limit) caughtUp.set(signal, events.at(-1)?.seq ?? afterSeq);
        else if (signal) caughtUp.delete(signal);
        return events;
      }),

    async close() {
      pool.close();
      main.close();
    },
  };
}
