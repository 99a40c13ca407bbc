import type { LambdaHttpResult } from '../events/types.ts';

/** Lambda's limit for a synchronous (buffered) response payload: 6 MB. */
export const MAX_RESULT_BYTES = 6 * 1024 * 1024;

/**
 * The byte length of `JSON.stringify(result)` (what the runtime sends) when it exceeds `limit`,
 * else undefined. A text body is only stringified when a cheap bound cannot prove it fits.
 */
export function oversize(result: LambdaHttpResult, limit: number): number | undefined {
  const body = result.body;
  // Includes the two quotes of the empty body.
  const envelope = Buffer.byteLength(JSON.stringify({ ...result, body: '' }));
  let size: number;
  if (result.isBase64Encoded) {
    size = envelope + body.length;
  } else {
    // At worst one UTF-16 unit becomes six JSON bytes (\u001f).
    if (envelope + body.length * 6 <= limit) return undefined;
    size = envelope - 2 + Buffer.byteLength(JSON.stringify(body));
  }
  return size > limit ? size : undefined;
}
