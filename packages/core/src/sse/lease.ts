// The producer's lease: renewed every third of its duration while the producer runs. A refused
// renewal (cancelled, ended by a reader, expired and gone) means the producer must stop.
import type { SSEEventStore } from './store.ts';

export class ProducerLease {
  #lost = false;
  #onLost: (() => void) | undefined;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(store: SSEEventStore, streamId: string, leaseMs: number) {
    this.#timer = setInterval(
      () => {
        store.renew(streamId, leaseMs).then(
          (renewed) => {
            if (!renewed) this.#lose();
          },
          () => {}, // a store hiccup: try again next time (appends report a real outage)
        );
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
  }

  get lost(): boolean {
    return this.#lost;
  }

  /** Called once when a renewal is refused (replaces an earlier callback). */
  set onLost(callback: (() => void) | undefined) {
    this.#onLost = callback;
  }

  release(): void {
    clearInterval(this.#timer);
  }

  #lose(): void {
    if (this.#lost) return;
    this.#lost = true;
    this.release();
    this.#onLost?.();
  }
}
