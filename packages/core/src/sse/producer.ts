// With a store, the source runs here, detached from any request: disconnect is not cancel.
// It appends each run of events and finally `end`. The tally counts only what the store
// confirmed, so `end` never claims an event that is not stored; it stops when an append is
// refused (explicit cancel, or a reader ended the stream), the store fails, or the lease is lost.
import type { ChecksumAlgorithm } from '../hash/types.ts';
import { buildEnd } from './end.ts';
import { sanitizeError } from './errors-info.ts';
import { ProducerLease } from './lease.ts';
import { openSource } from './source.ts';
import { SourceBatches, type SourceFinish } from './source-batches.ts';
import type { SSEEventStore, SSEStoredEvent } from './store.ts';
import { STORE_UNAVAILABLE } from './store-failure.ts';
import { StreamTally } from './tally.ts';
import type { SSEEndStatus, SSEErrorInfo, SSESource } from './types.ts';
import type { DispatchedEvent } from './wire.ts';

export interface ProducerSettings {
  store: SSEEventStore;
  streamId: string;
  leaseMs: number;
  checksum: ChecksumAlgorithm | false;
  onError: ((error: unknown) => SSEErrorInfo) | undefined;
}

interface Outcome {
  status: SSEEndStatus;
  error?: SSEErrorInfo | undefined;
}

/**
 * Runs the source into the store in the background; the caller already holds the lease.
 * The promise settles (never rejects) once the producer is done and tried to store `end`.
 */
export function startProducer(source: SSESource, settings: ProducerSettings): Promise<void> {
  return produce(source, settings).catch(() => {
    // Only a broken store gets here; its lease lapses and readers report the stream aborted.
  });
}

async function produce(source: SSESource, settings: ProducerSettings): Promise<void> {
  const { store, streamId, checksum } = settings;
  const puller = openSource(source);
  const tally = new StreamTally(checksum ? [checksum] : []);
  const lease = new ProducerLease(store, streamId, settings.leaseMs);
  const runs = new SourceBatches(puller, lease);
  let outcome: Outcome | undefined;
  try {
    while (!outcome) {
      const run = await runs.next();
      if (run.finish) outcome = sourceOutcome(run.finish, settings.onError);
      const stored = await appendRun(store, streamId, run.events, tally);
      if (stored < run.events.length) {
        puller.stop(); // cancelled, or ended by a reader: its events have nowhere to go
        outcome = { status: 'aborted' };
      }
    }
  } catch (storeFailure) {
    puller.stop(storeFailure); // stop the source rather than drop its events unseen
    outcome = { status: 'error', error: STORE_UNAVAILABLE };
  } finally {
    lease.release();
  }
  const end = JSON.stringify(buildEnd(outcome.status, tally, checksum, outcome.error));
  // The seq check makes `end` land only right after the last stored event: its count is true.
  const ended = await store
    .append(streamId, { seq: tally.count + 1, event: 'end', data: end })
    .catch(() => false);
  // Not stored (store down, or an append that timed out but landed): readers store `aborted`
  // as soon as they see no producer; cancelling tells them now instead of after the lease.
  if (!ended) await store.cancel(streamId).catch(() => {});
}

function sourceOutcome(
  finish: SourceFinish,
  onError: ((error: unknown) => SSEErrorInfo) | undefined,
): Outcome {
  if (finish.status !== 'error') return { status: finish.status };
  return { status: 'error', error: sanitizeError(finish.error, onError) };
}

/**
 * Stores `events` after the tally's last one and adds each confirmed event to the tally.
 * Resolves how many were stored; rejects when the store fails.
 */
async function appendRun(
  store: SSEEventStore,
  streamId: string,
  events: DispatchedEvent[],
  tally: StreamTally,
): Promise<number> {
  const first = tally.count + 1;
  const stored: SSEStoredEvent[] = events.map(({ type, data }, i) => ({
    seq: first + i,
    event: type,
    data,
  }));
  if (store.appendMany && stored.length > 1) {
    const count = Math.min(stored.length, await store.appendMany(streamId, stored));
    for (let i = 0; i < count; i++) tally.add(events[i]!.type, events[i]!.data);
    return count;
  }
  for (let i = 0; i < stored.length; i++) {
    if (!(await store.append(streamId, stored[i]!))) return i;
    tally.add(events[i]!.type, events[i]!.data);
  }
  return stored.length;
}
