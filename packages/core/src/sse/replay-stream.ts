// The body of a resumable stream: stored events after the client's position, then live ones as
// the producer appends them, until `end`. Closing it never stops the producer.
import { bodyHeartbeat } from './heartbeat.ts';
import type { SSEEventStore, SSEStoredEvent } from './store.ts';
import { storeUnavailableEnd } from './store-failure.ts';
import type { SSEEnd } from './types.ts';
import { utf8Bytes } from './utf8.ts';
import { formatEnd, formatEndFrame, formatEvent } from './wire.ts';

export interface ReplaySettings {
  store: SSEEventStore;
  streamId: string;
  /** The last sequence number the client has; replay starts after it. */
  afterSeq: number;
  /** Frames sent before the first event (`retry:`, `reset`). */
  preamble: string;
  heartbeatMs: number;
  leaseMs: number;
  signal: AbortSignal | undefined;
}

const BATCH_EVENTS = 256;

export function replayEventStream(settings: ReplaySettings): ReadableStream<Uint8Array> {
  const { store, streamId, signal } = settings;
  const waitMs = Math.min(
    settings.heartbeatMs > 0 ? settings.heartbeatMs : 15_000,
    settings.leaseMs,
  );
  const reads = new AbortController();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let sentSeq = settings.afterSeq;
  let finished = false;

  let pulling = false;
  const heartbeat = bodyHeartbeat(
    settings.heartbeatMs,
    () => controller,
    () => pulling,
  );
  const settle = () => {
    finished = true;
    heartbeat.stop();
    reads.abort();
    signal?.removeEventListener('abort', close);
  };
  /** Ends the body without `end`: the client sees a truncation and resumes. */
  function close() {
    if (finished) return;
    settle();
    try {
      controller.close();
    } catch {}
  }
  const send = (text: string, last: boolean) => {
    heartbeat.touch();
    controller.enqueue(utf8Bytes(text));
    if (last) close();
  };

  /** No events and no producer: store an `aborted` end so that every reader sees the same. */
  async function endIfProducerGone(): Promise<void> {
    const info = await store.info(streamId);
    if (!info) return close(); // expired: a resume will get a reset
    if (info.lastSeq > sentSeq || info.ended || info.producing) return;
    const end: SSEEnd = { v: 1, status: 'aborted', count: info.lastSeq };
    const seq = info.lastSeq + 1;
    await store.append(streamId, { seq, event: 'end', data: JSON.stringify(end) });
  }

  function frames(events: SSEStoredEvent[]): { text: string; last: boolean } {
    let text = '';
    for (const event of events) {
      if (event.seq !== sentSeq + 1) {
        const unavailable = 'The events after this position are no longer stored';
        const end: SSEEnd = { v: 1, status: 'error', count: sentSeq };
        end.error = { code: 'SSE_REPLAY_UNAVAILABLE', message: unavailable };
        return { text: text + formatEnd(sentSeq + 1, end), last: true };
      }
      sentSeq = event.seq;
      if (event.event === 'end') {
        return { text: text + formatEndFrame(event.seq, event.data), last: true };
      }
      text += formatEvent(event.seq, event.event, event.data);
    }
    return { text, last: false };
  }

  return new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        if (settings.preamble) controller.enqueue(utf8Bytes(settings.preamble));
        if (signal?.aborted) close();
        else signal?.addEventListener('abort', close, { once: true });
      },
      async pull() {
        heartbeat.wake();
        pulling = true;
        try {
          while (!finished) {
            const readOptions = { limit: BATCH_EVENTS, waitMs, signal: reads.signal };
            const events = await store.read(streamId, sentSeq, readOptions);
            if (finished) return;
            if (events.length > 0) {
              const { text, last } = frames(events);
              return send(text, last);
            }
            await endIfProducerGone();
          }
        } catch {
          // The store failed: say so, rather than end like a cut the client would retry at once.
          // This end is not stored, so it takes no id (see formatEnd).
          if (!finished) send(formatEnd(undefined, storeUnavailableEnd(sentSeq)), true);
        } finally {
          pulling = false;
        }
      },
      cancel: settle,
    },
    { highWaterMark: 0 },
  );
}
