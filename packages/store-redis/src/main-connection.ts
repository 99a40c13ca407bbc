// The shared, pipelined connection for every non-blocking command: lazy connect, bounded waits,
// and a reconnect on the next command after Redis went away.
import { connectWithin, destroyQuietly, type RedisClientLike } from './client.ts';
import { withDeadline } from './deadline.ts';
import { RedisStoreError } from './errors.ts';

export interface MainConnectionSettings {
  client: RedisClientLike;
  /** The store created `client` (from `url`): it may drop it on a timeout and close it. */
  owned: boolean;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

export class MainConnection {
  readonly #settings: MainConnectionSettings;
  #connecting: Promise<unknown> | undefined;
  #closed = false;

  constructor(settings: MainConnectionSettings) {
    this.#settings = settings;
  }

  get client(): RedisClientLike {
    return this.#settings.client;
  }

  /** Sends one command; rejects (never hangs) when Redis is down, slow or the store is closed. */
  async send(args: ReadonlyArray<string>, what: string): Promise<unknown> {
    await this.#ready();
    const { client, owned, commandTimeoutMs } = this.#settings;
    // A reply that never comes means a dead link: an owned client is dropped and reopened later.
    const dropLink = owned ? () => destroyQuietly(client) : undefined;
    return withDeadline(client.sendCommand(args), commandTimeoutMs, what, dropLink);
  }

  close(): void {
    this.#closed = true;
    if (this.#settings.owned) destroyQuietly(this.#settings.client);
  }

  async #ready(): Promise<void> {
    if (this.#closed) throw new RedisStoreError('Redis event store: the store is closed');
    const { client, connectTimeoutMs } = this.#settings;
    if (client.isReady) return;
    if (!this.#connecting) {
      // Open but not ready: a client of yours reconnecting by itself; its own settings decide.
      if (client.isOpen) return;
      this.#connecting = connectWithin(client, connectTimeoutMs).finally(() => {
        this.#connecting = undefined;
      });
    }
    await this.#connecting;
  }
}
