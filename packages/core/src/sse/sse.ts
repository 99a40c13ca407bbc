import type { ChecksumAlgorithm } from '../hash/types.ts';
import { appHeaders, streamHeaders } from './headers.ts';
import { readLastEventId } from './last-event-id.ts';
import { liveEventStream } from './live-stream.ts';
import { resumableResponse } from './resumable.ts';
import { assertSource } from './source.ts';
import type { SSEEventStore } from './store.ts';
import type { SSEOptions, SSESource } from './types.ts';
import { formatRetry } from './wire.ts';

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_LEASE_MS = 30_000;

/**
 * Streams `source` as checksum-terminated Server-Sent Events (sluice SSE v1). Without a store
 * it returns the Response at once; with `options.store` it first looks the stream up, so it
 * returns a Promise (a 503 JSON response when the store is unavailable).
 */
export function sse(source: SSESource, options?: SSEOptions & { store?: undefined }): Response;
export function sse(
  source: SSESource,
  options: SSEOptions & { store: SSEEventStore; streamId: string },
): Promise<Response>;
export function sse(source: SSESource, options?: SSEOptions): Response | Promise<Response>;
export function sse(source: SSESource, options: SSEOptions = {}): Response | Promise<Response> {
  assertSource(source);
  const checksum = checksumOption(options.checksum);
  const heartbeatMs = millisecondsOption(
    'heartbeatMs',
    options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
  );
  const retryMs =
    options.retryMs === undefined ? undefined : millisecondsOption('retryMs', options.retryMs);
  const preamble = retryMs === undefined ? '' : formatRetry(retryMs);
  const { request, headers, onError } = options;
  if (options.store) {
    if (!options.streamId) throw new TypeError('sse(): a store needs options.streamId');
    const { store, streamId, waitUntil } = options;
    const leaseMs = leaseOption(options.leaseMs ?? store.leaseMs ?? DEFAULT_LEASE_MS);
    const settings = { store, streamId, request, headers, heartbeatMs, leaseMs, preamble };
    return resumableResponse(source, { ...settings, checksum, onError, waitUntil });
  }
  if (readLastEventId(request) !== undefined) {
    // Nothing to resume from without a store; 204 also stops EventSource reconnecting after `end`.
    return new Response(null, { status: 204, headers: appHeaders(headers) });
  }
  const settings = { signal: request?.signal, heartbeatMs, preamble, checksum, onError };
  const body = liveEventStream(source, settings);
  return new Response(body, { status: 200, headers: streamHeaders(headers) });
}

/** A finite, non-negative duration: `retry: NaN` or a heartbeat timer of NaN ms would go out. */
function millisecondsOption(name: string, value: number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  throw new TypeError(
    `sse(): ${name} must be a finite number of milliseconds >= 0, got ${String(value)}`,
  );
}

function leaseOption(value: number): number {
  if (Number.isFinite(value) && value >= 1) return value;
  throw new TypeError(`sse(): leaseMs must be a positive number of milliseconds, got ${value}`);
}

function checksumOption(value: unknown): ChecksumAlgorithm | false {
  if (value === undefined) return 'sha-256';
  if (value === false || value === 'sha-256' || value === 'crc32') return value;
  throw new TypeError(`sse(): checksum must be 'sha-256', 'crc32' or false, got ${String(value)}`);
}
