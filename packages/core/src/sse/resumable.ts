// sse() with a store: decides between a fresh stream, a replay, a reset and 204, and makes sure
// the source runs once per stream id, whatever the number of requests and resumes.
import type { ChecksumAlgorithm } from '../hash/types.ts';
import type { HeadersInput } from '../http/fetch-types.ts';
import { appHeaders, streamHeaders } from './headers.ts';
import { readLastEventId } from './last-event-id.ts';
import { startProducer } from './producer.ts';
import { replayEventStream } from './replay-stream.ts';
import type { SSEEventStore, SSEStreamInfo } from './store.ts';
import { isStoreUnavailable, storeUnavailableResponse } from './store-failure.ts';
import type { SSEErrorInfo, SSESource } from './types.ts';
import { RESET_FRAME } from './wire.ts';

export interface ResumableSettings {
  store: SSEEventStore;
  streamId: string;
  request: Request | undefined;
  headers: HeadersInput | undefined;
  heartbeatMs: number;
  leaseMs: number;
  preamble: string;
  checksum: ChecksumAlgorithm | false;
  onError: ((error: unknown) => SSEErrorInfo) | undefined;
  waitUntil: ((promise: Promise<unknown>) => void) | undefined;
}

/** The response for a resumable stream; 503 JSON when the store fails before the first byte. */
export async function resumableResponse(
  source: SSESource,
  settings: ResumableSettings,
): Promise<Response> {
  try {
    return await respond(source, settings);
  } catch (error) {
    if (isStoreUnavailable(error)) return storeUnavailableResponse(settings.headers);
    throw error;
  }
}

async function respond(source: SSESource, settings: ResumableSettings): Promise<Response> {
  const { store, streamId, leaseMs } = settings;
  const lastEventId = readLastEventId(settings.request);
  let info = await store.info(streamId);
  let reset = false;
  if (info === undefined) {
    if (await store.create(streamId, leaseMs)) {
      const producing = startProducer(source, settings);
      settings.waitUntil?.(producing);
      info = { lastSeq: 0, ended: false, producing: true };
    }
    // A client that had events of an expired (or other) stream must drop them.
    reset = lastEventId !== undefined;
  }
  info ??= await store.info(streamId); // another request created it just now
  if (!reset && lastEventId !== undefined) {
    if (isPastEnd(lastEventId, info)) {
      return new Response(null, { status: 204, headers: appHeaders(settings.headers) });
    }
    reset = lastEventId === 'unknown' || lastEventId > (info?.lastSeq ?? 0);
  }
  const afterSeq = reset || typeof lastEventId !== 'number' ? 0 : lastEventId;
  const body = replayEventStream({
    store,
    streamId,
    afterSeq,
    preamble: settings.preamble + (reset ? RESET_FRAME : ''),
    heartbeatMs: settings.heartbeatMs,
    leaseMs,
    signal: settings.request?.signal,
  });
  return new Response(body, { status: 200, headers: streamHeaders(settings.headers) });
}

function isPastEnd(lastEventId: number | 'unknown', info: SSEStreamInfo | undefined): boolean {
  return typeof lastEventId === 'number' && info?.ended === true && lastEventId >= info.lastSeq;
}
