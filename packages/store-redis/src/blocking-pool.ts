// Connections for blocking XREADs: one per waiting reader while it waits, kept idle for reuse
// afterwards (and closed after idleTimeoutMs), destroyed when its reader goes away mid-wait (a
// blocked connection cannot be reused until Redis answers).
import { connectWithin, destroyQuietly, ignoreError, type RedisClientLike } from './client.ts';
import { RedisStoreError } from './errors.ts';

export interface BlockingPoolSettings {
  create: () => RedisClientLike;
  connectTimeoutMs: number;
  maxIdle: number;
  idleTimeoutMs: number;
}

interface IdleConnection {
  client: RedisClientLike;
  since: number;
}

export class BlockingPool {
  readonly #settings: BlockingPoolSettings;
  /** Most recently released last, so the oldest are the first to expire. */
  readonly #idle: IdleConnection[] = [];
  readonly #busy = new Set<RedisClientLike>();
  #sweep: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(settings: BlockingPoolSettings) {
    this.#settings = settings;
  }

  async acquire(): Promise<RedisClientLike> {
    for (let idle = this.#idle.pop(); idle; idle = this.#idle.pop()) {
      if (idle.client.isReady) {
        this.#busy.add(idle.client);
        return idle.client;
      }
      destroyQuietly(idle.client); // Redis went away while it was idle
    }
    this.#checkOpen();
    const client = this.#settings.create();
    client.on('error', ignoreError);
    this.#busy.add(client);
    try {
      await connectWithin(client, this.#settings.connectTimeoutMs);
      this.#checkOpen();
    } catch (error) {
      this.discard(client);
      throw error;
    }
    return client;
  }

  /** Back to the pool after a complete reply. */
  release(client: RedisClientLike): void {
    this.#busy.delete(client);
    const keep = !this.#closed && client.isReady && this.#idle.length < this.#settings.maxIdle;
    if (!keep) {
      destroyQuietly(client);
      return;
    }
    this.#idle.push({ client, since: Date.now() });
    this.#scheduleSweep();
  }

  /** Closes a connection whose state is unknown (aborted or failed mid-command). */
  discard(client: RedisClientLike): void {
    this.#busy.delete(client);
    destroyQuietly(client);
  }

  /** Closes every connection, waiting ones included: their reads reject. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#sweep);
    this.#sweep = undefined;
    for (const { client } of this.#idle) destroyQuietly(client);
    for (const client of this.#busy) destroyQuietly(client);
    this.#idle.length = 0;
    this.#busy.clear();
  }

  #scheduleSweep(): void {
    if (this.#sweep || this.#idle.length === 0) return;
    const oldest = this.#idle[0]!.since;
    const delay = Math.max(0, oldest + this.#settings.idleTimeoutMs - Date.now());
    this.#sweep = setTimeout(() => {
      this.#sweep = undefined;
      const cutoff = Date.now() - this.#settings.idleTimeoutMs;
      while (this.#idle.length > 0 && this.#idle[0]!.since <= cutoff) {
        destroyQuietly(this.#idle.shift()!.client);
      }
      this.#scheduleSweep();
    }, delay);
    this.#sweep.unref(); // idle connections alone never keep the process alive
  }

  #checkOpen(): void {
    if (this.#closed) throw new RedisStoreError('Redis event store: the store is closed');
  }
}
