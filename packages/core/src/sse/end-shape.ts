// What a v1 `end` may look like. A damaged `end` must never read as a weaker but valid one
// (docs/sse-integrity.md): every key is known, every value well-formed, and the digest fields
// come as a pair or not at all. Anything else is refused as a protocol error.
import type { ChecksumAlgorithm } from '../hash/types.ts';
import { SSEProtocolError } from './errors.ts';
import type { SSEEnd } from './types.ts';

const KEYS = new Set(['v', 'status', 'count', 'bytes', 'alg', 'digest', 'error']);
const STATUSES = new Set(['complete', 'error', 'aborted']);
/** sha-256: 32 bytes in padded base64; crc32: 8 lowercase hex digits. */
const DIGEST_FORMAT: Record<ChecksumAlgorithm, RegExp> = {
  'sha-256': /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/,
  crc32: /^[0-9a-f]{8}$/,
};

/** Parses `end` data; throws SSEProtocolError unless it is a well-formed v1 end payload. */
export function parseEnd(data: string): SSEEnd {
  let end: unknown;
  try {
    end = JSON.parse(data);
  } catch {
    throw new SSEProtocolError('The end event does not carry JSON data');
  }
  const problem = endProblem(end);
  if (problem !== undefined) {
    throw new SSEProtocolError(
      `Malformed sluice SSE v1 end event (${problem}): ${data.slice(0, 200)}`,
    );
  }
  return end as SSEEnd;
}

function endProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const end = value as Record<string, unknown>;
  const unknownKey = Object.keys(end).find((key) => !KEYS.has(key));
  if (unknownKey !== undefined) return `unknown field '${unknownKey}'`;
  if (end.v !== 1) return 'v is not 1';
  if (!STATUSES.has(end.status as string)) return 'unknown status';
  if (!isTally(end.count)) return 'count is not a non-negative integer';
  if (end.bytes === undefined ? end.status === 'complete' : !isTally(end.bytes)) {
    return 'bytes is not a non-negative integer';
  }
  if (end.error !== undefined && (end.status !== 'error' || !isErrorInfo(end.error))) {
    return 'error is not { code, message } of an error end';
  }
  return digestProblem(end.alg, end.digest);
}

function digestProblem(alg: unknown, digest: unknown): string | undefined {
  if (alg === undefined && digest === undefined) return undefined;
  if (alg === undefined || digest === undefined) return 'alg and digest must come together';
  if (alg !== 'sha-256' && alg !== 'crc32') return `unknown digest algorithm '${String(alg)}'`;
  if (typeof digest !== 'string' || !DIGEST_FORMAT[alg].test(digest)) {
    return `digest is not a ${alg} digest`;
  }
  return undefined;
}

function isTally(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isErrorInfo(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const info = value as Record<string, unknown>;
  return typeof info.code === 'string' && typeof info.message === 'string';
}
