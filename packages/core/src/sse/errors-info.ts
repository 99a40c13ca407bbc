import { SSEEventError } from './errors.ts';
import type { SSEErrorInfo } from './types.ts';

const GENERIC_ERROR: SSEErrorInfo = {
  code: 'SSE_SOURCE_ERROR',
  message: 'The event source failed',
};

/** What the client sees of a source failure: the app's `onError`, else only our own codes. */
export function sanitizeError(
  error: unknown,
  onError: ((error: unknown) => SSEErrorInfo) | undefined,
): SSEErrorInfo {
  if (onError) {
    try {
      const info = onError(error);
      return { code: String(info.code), message: String(info.message) };
    } catch {
      return GENERIC_ERROR;
    }
  }
  if (error instanceof SSEEventError) return { code: error.code, message: error.message };
  return GENERIC_ERROR;
}
