// With a store, the source runs here, detached from any request: disconnect is not cancel.
// It appends each event and finally `end`; it stops when its lease is lost (cancel or expiry).
import type { ChecksumAlgorithm } from '../hash/types.ts';
import { buildEnd } from './end.ts';
import { sanitizeError } from './errors-info.ts';
import { openSource } from './source.ts';
import type { SSEEventStore } from './store.ts';
import { StreamTally } from './tally.ts';
import type { SSEEndStatus, SSEErrorInfo, SSEEventInput, SSESource } from './types.ts';
import { type DispatchedEvent, toDispatchedEvent } from './wire.ts';

export interface ProducerSettings {
  store: SSEEventStore;
  streamId: string;
  leaseMs: number;
  checksum: ChecksumAlgorithm | false;
  onError: ((error: unknown) => SSEErrorInfo) | undefined;
}

type Step = IteratorResult<SSEEventInput, unknown> | 'lease-lost';

/** Runs the source into the store in the background; the caller already holds the lease. */
export function startProducer(source: SSESource, settings: ProducerSettings): void {
  produce(source, settings).catch(() => {
    // The store failed: the lease lapses and readers report the stream as aborted.
  });
}

async function produce(source: SSESource, settings: ProducerSettings): Promise<void> {
  const { store, streamId, checksum } = settings;
  const puller = openSource(source);
  const tally = new StreamTally(checksum ? [checksum] : []);
  let leaseLost = false;
  let interrupt: (() => void) | undefined;
  const lease = holdLease(store, streamId, settings.leaseMs, () => {
    leaseLost = true;
    interrupt?.();
  });
  /** The next event, or 'lease-lost' as soon as the lease is, even if the source hangs. */
  const nextStep = () =>
    new Promise<Step>((resolve, reject) => {
      if (leaseLost) return resolve('lease-lost');
      interrupt = () => resolve('lease-lost');
      puller.next().then(resolve, reject);
    });
  let status: SSEEndStatus = 'complete';
  let failure: unknown;
  try {
    for (;;) {
      let step: Step;
      try {
        step = await nextStep();
      } catch (error) {
        [status, failure] = ['error', error];
        break;
      }
      if (step === 'lease-lost') {
        puller.stop();
        status = 'aborted';
        break;
      }
      if (step.done) break;
      let event: DispatchedEvent;
      try {
        event = toDispatchedEvent(step.value);
      } catch (error) {
        puller.stop(error);
        [status, failure] = ['error', error];
        break;
      }
      tally.add(event.type, event.data);
      const seq = tally.count;
      if (!(await store.append(streamId, { seq, event: event.type, data: event.data }))) {
        puller.stop(); // someone else ended this stream
        return;
      }
    }
    const info = status === 'error' ? sanitizeError(failure, settings.onError) : undefined;
    const end = JSON.stringify(buildEnd(status, tally, checksum, info));
    await store.append(streamId, { seq: tally.count + 1, event: 'end', data: end });
  } catch (storeFailure) {
    puller.stop(storeFailure); // nowhere to put events: do not leave the source suspended
    throw storeFailure;
  } finally {
    lease.release();
  }
}

/** Renews the lease every third of its duration; calls `onLost` once a renewal is refused. */
function holdLease(store: SSEEventStore, streamId: string, leaseMs: number, onLost: () => void) {
  const timer = setInterval(
    () => {
      store.renew(streamId, leaseMs).then(
        (renewed) => {
          if (renewed) return;
          clearInterval(timer);
          onLost();
        },
        () => {}, // a store hiccup: try again next time
      );
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  return { release: () => clearInterval(timer) };
}
