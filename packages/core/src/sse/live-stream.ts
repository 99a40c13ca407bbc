// The body of a stream without a store: pulls the source one event per read, so a slow client
// holds the source back, and stops the source when the request aborts or the body is cancelled.
import type { ChecksumAlgorithm } from '../hash/types.ts';
import { buildEnd } from './end.ts';
import { sanitizeError } from './errors-info.ts';
import { bodyHeartbeat } from './heartbeat.ts';
import { type EventPuller, openSource, settlesSoon } from './source.ts';
import { StreamTally } from './tally.ts';
import type { SSEEndStatus, SSEErrorInfo, SSEEventInput, SSESource } from './types.ts';
import { utf8Bytes } from './utf8.ts';
import { type DispatchedEvent, formatEnd, formatEvent, toDispatchedEvent } from './wire.ts';

const COALESCE_CHARS = 16 * 1024;

export interface LiveStreamSettings {
  signal: AbortSignal | undefined;
  heartbeatMs: number;
  /** Frames sent before the first event (`retry:`). */
  preamble: string;
  checksum: ChecksumAlgorithm | false;
  onError: ((error: unknown) => SSEErrorInfo) | undefined;
}

export function liveEventStream(
  source: SSESource,
  settings: LiveStreamSettings,
): ReadableStream<Uint8Array> {
  const { signal, checksum } = settings;
  const tally = new StreamTally(checksum ? [checksum] : []);
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let puller: EventPuller | undefined;
  let lookahead: Promise<IteratorResult<SSEEventInput, unknown>> | undefined;
  /** Frames already counted in `tally` but not yet enqueued. */
  let unsent = '';
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
    signal?.removeEventListener('abort', onAbort);
  };
  const finish = (status: SSEEndStatus, error?: unknown) => {
    if (finished) return;
    settle();
    const info = status === 'error' ? sanitizeError(error, settings.onError) : undefined;
    const end = buildEnd(status, tally, checksum, info);
    try {
      controller.enqueue(utf8Bytes(unsent + formatEnd(tally.count + 1, end)));
      controller.close();
    } catch {
      // The body was cancelled meanwhile: nobody is left to tell.
    }
    unsent = '';
  };
  const onAbort = () => {
    puller?.stop(signal?.reason);
    finish('aborted');
  };

  /** Adds one event to `unsent`; false when the stream finished instead. */
  const take = (result: IteratorResult<SSEEventInput, unknown>, from: EventPuller): boolean => {
    if (result.done) {
      finish('complete');
      return false;
    }
    let event: DispatchedEvent;
    try {
      event = toDispatchedEvent(result.value);
    } catch (error) {
      from.stop(error);
      finish('error', error);
      return false;
    }
    tally.add(event.type, event.data);
    unsent += formatEvent(tally.count, event.type, event.data);
    return true;
  };

  return new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        if (settings.preamble) controller.enqueue(utf8Bytes(settings.preamble));
        if (signal?.aborted) finish('aborted');
        else signal?.addEventListener('abort', onAbort, { once: true });
      },
      // One read gets the next event, plus those the source has ready at once (a burst),
      // up to COALESCE_CHARS: fewer, larger writes, and never a wait for an event.
      async pull() {
        if (finished) return;
        heartbeat.wake();
        puller ??= openSource(source);
        let next = lookahead ?? puller.next();
        lookahead = undefined;
        pulling = true;
        for (;;) {
          let result: IteratorResult<SSEEventInput, unknown>;
          try {
            result = await next;
          } catch (error) {
            finish('error', error);
            return;
          } finally {
            pulling = false;
          }
          if (finished || !take(result, puller)) return; // aborted meanwhile: the event is dropped
          if (unsent.length >= COALESCE_CHARS) break;
          next = puller.next();
          if (!(await settlesSoon(next))) {
            lookahead = next;
            break;
          }
          if (finished) return;
        }
        heartbeat.touch();
        controller.enqueue(utf8Bytes(unsent));
        unsent = '';
      },
      cancel(reason) {
        settle();
        puller?.stop(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
