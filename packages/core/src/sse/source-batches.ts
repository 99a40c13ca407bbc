// The producer's view of its source: the next run of events, waiting for the first one only and
// taking those the source has ready at once, so a fast source costs one store round trip per run
// instead of one per event. The lookahead keeps the source working while a run is being stored.
import type { ProducerLease } from './lease.ts';
import { type EventPuller, settlesSoon } from './source.ts';
import type { SSEEndStatus, SSEEventInput } from './types.ts';
import { type DispatchedEvent, toDispatchedEvent } from './wire.ts';

const RUN_EVENTS = 64;
const RUN_CHARS = 64 * 1024;

/** How the source finished: `error` carries what it threw (or the invalid event's error). */
export interface SourceFinish {
  status: SSEEndStatus;
  error?: unknown;
}

export interface EventRun {
  events: DispatchedEvent[];
  /** Set when the source is done after these events (or the lease was lost). */
  finish?: SourceFinish | undefined;
}

type Step = IteratorResult<SSEEventInput, unknown> | 'lease-lost';

export class SourceBatches {
  readonly #puller: EventPuller;
  readonly #lease: ProducerLease;
  #lookahead: Promise<IteratorResult<SSEEventInput, unknown>> | undefined;

  constructor(puller: EventPuller, lease: ProducerLease) {
    this.#puller = puller;
    this.#lease = lease;
  }

  /** The next run; never rejects. Stops the source itself when it finishes it abnormally. */
  async next(): Promise<EventRun> {
    const events: DispatchedEvent[] = [];
    let chars = 0;
    let pending = this.#lookahead ?? this.#puller.next();
    this.#lookahead = undefined;
    for (;;) {
      let step: Step;
      try {
        step = events.length === 0 ? await this.#unlessLeaseLost(pending) : await pending;
      } catch (error) {
        return { events, finish: { status: 'error', error } };
      }
      if (step === 'lease-lost') {
        this.#puller.stop();
        return { events, finish: { status: 'aborted' } };
      }
      if (step.done) return { events, finish: { status: 'complete' } };
      try {
        const event = toDispatchedEvent(step.value);
        events.push(event);
        chars += event.data.length;
      } catch (error) {
        this.#puller.stop(error);
        return { events, finish: { status: 'error', error } };
      }
      pending = this.#puller.next();
      if (events.length >= RUN_EVENTS || chars >= RUN_CHARS || !(await settlesSoon(pending))) {
        this.#lookahead = pending;
        return { events };
      }
    }
  }

  /** `pending`, or 'lease-lost' as soon as the lease is, even if the source hangs. */
  #unlessLeaseLost(pending: Promise<IteratorResult<SSEEventInput, unknown>>): Promise<Step> {
    return new Promise<Step>((resolve, reject) => {
      if (this.#lease.lost) return resolve('lease-lost');
      // A stale callback from an earlier wait only resolves a settled promise: harmless.
      this.#lease.onLost = () => resolve('lease-lost');
      pending.then(resolve, reject);
    });
  }
}
