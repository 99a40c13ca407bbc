// Resolves once a resumable stream stored its `end` (or vanished, or `maxMs` passed). Workers
// stop a request's background work when its response ends; a cut chat's producer must go on.
import type { SSEEventStore } from '@sluice/core';

export async function untilStreamEnds(
  store: SSEEventStore,
  streamId: string,
  maxMs = 5 * 60_000,
): Promise<void> {
  const deadline = Date.now() + maxMs;
  let after = 0;
  while (Date.now() < deadline) {
    const info = await store.info(streamId);
    if (info === undefined || info.ended) return;
    const events = await store.read(streamId, after, { limit: 256, waitMs: 5000 });
    for (const event of events) {
      if (event.event === 'end') return;
      after = event.seq;
    }
  }
}
