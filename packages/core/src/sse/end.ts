// The terminal `end` event: built by the writer from its tally, checked by the reader against its own.
import { SSEChecksumError, SSEProtocolError, SSEServerError } from './errors.ts';
import type { StreamTally } from './tally.ts';
import type { ChecksumAlgorithm, SSEEnd, SSEEndStatus, SSEErrorInfo } from './types.ts';

export function buildEnd(
  status: SSEEndStatus,
  tally: StreamTally,
  algorithm: ChecksumAlgorithm | false,
  error?: SSEErrorInfo,
): SSEEnd {
  const end: SSEEnd = { v: 1, status, count: tally.count, bytes: tally.bytes };
  if (algorithm) {
    end.alg = algorithm;
    end.digest = tally.digest(algorithm);
  }
  if (status === 'error' && error) end.error = { code: error.code, message: error.message };
  return end;
}

/** Parses `end` data; throws SSEProtocolError when it is not a v1 end payload. */
export function parseEnd(data: string): SSEEnd {
  let end: unknown;
  try {
    end = JSON.parse(data);
  } catch {
    throw new SSEProtocolError('The end event does not carry JSON data');
  }
  if (!isEnd(end))
    throw new SSEProtocolError(`Not a sluice SSE v1 end event: ${data.slice(0, 200)}`);
  return end;
}

function isEnd(value: unknown): value is SSEEnd {
  if (typeof value !== 'object' || value === null) return false;
  const end = value as Record<string, unknown>;
  return (
    end.v === 1 &&
    (end.status === 'complete' || end.status === 'error' || end.status === 'aborted') &&
    Number.isInteger(end.count) &&
    (end.status !== 'complete' || Number.isInteger(end.bytes))
  );
}

/**
 * The client rule: complete only when `status` is complete and count, bytes and digest match.
 * Throws SSEServerError, SSEChecksumError or SSEProtocolError otherwise.
 */
export function verifyEnd(end: SSEEnd, tally: StreamTally, verifyDigest: boolean): void {
  if (end.status !== 'complete') throw new SSEServerError({ ...end, status: end.status });
  if (end.count !== tally.count) throw new SSEChecksumError('count', end.count, tally.count);
  if (end.bytes !== tally.bytes) throw new SSEChecksumError('bytes', end.bytes ?? 0, tally.bytes);
  if (end.alg === undefined || !verifyDigest) return;
  if (end.alg !== 'sha-256' && end.alg !== 'crc32') {
    throw new SSEProtocolError(`Unknown end digest algorithm '${String(end.alg)}'`);
  }
  const actual = tally.digest(end.alg);
  if (actual === undefined) {
    throw new SSEProtocolError(
      `The server used ${end.alg}; the reader was configured for another algorithm (checksum option)`,
    );
  }
  if (end.digest !== actual) throw new SSEChecksumError('digest', String(end.digest), actual);
}
