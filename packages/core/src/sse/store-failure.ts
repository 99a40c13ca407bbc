// What clients see when the event store fails: 503 JSON before the first byte, an `end` with
// `status: "error"` after it. Never the store's own message (it may name hosts or keys).

import type { HeadersInput } from '../http/fetch-types.ts';
import { jsonErrorResponse } from '../http/json-error.ts';
import { SSEStoreError } from './errors.ts';
import { appHeaders } from './headers.ts';
import type { SSEEnd, SSEErrorInfo } from './types.ts';

export const STORE_UNAVAILABLE: SSEErrorInfo = {
  code: 'store_unavailable',
  message: 'The event store is unavailable',
};

/** True for SSEStoreError and for any error carrying `code: 'store_unavailable'` (duck-typed). */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof SSEStoreError) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === STORE_UNAVAILABLE.code
  );
}

/** The answer when the store fails before any byte of the stream was sent. */
export function storeUnavailableResponse(extraHeaders: HeadersInput | undefined): Response {
  const headers = appHeaders(extraHeaders);
  headers.set('cache-control', 'no-store');
  const { code, message } = STORE_UNAVAILABLE;
  return jsonErrorResponse(503, code, message, { headers });
}

/** The `end` a reader sends when the store fails mid-stream, after `count` events. */
export function storeUnavailableEnd(count: number): SSEEnd {
  return { v: 1, status: 'error', count, error: { ...STORE_UNAVAILABLE } };
}
