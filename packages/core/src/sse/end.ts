// The terminal `end` event: built by the writer from its tally, checked by the reader against its
// own (its shape is checked first, by end-shape.ts).
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

/**
 * The client rule: complete only when `status` is complete and count, bytes and (unless the
 * reader computes no digest) a digest match. A reader that computes a digest refuses an `end`
 * without one: a digest that went missing must not downgrade the check to count and bytes.
 * Throws SSEServerError, SSEChecksumError or SSEProtocolError otherwise.
 */
export function verifyEnd(end: SSEEnd, tally: StreamTally, digestRequired: boolean): void {
  if (end.status !== 'complete') throw new SSEServerError({ ...end, status: end.status });
  if (end.count !== tally.count) throw new SSEChecksumError('count', end.count, tally.count);
  if (end.bytes !== tally.bytes) throw new SSEChecksumError('bytes', end.bytes ?? 0, tally.bytes);
  if (!digestRequired) return;
  if (end.alg === undefined) {
    throw new SSEProtocolError(
      'The end event carries no digest, which this reader requires (checksum: false reads a server that sends none)',
    );
  }
  const actual = tally.digest(end.alg);
  if (actual === undefined) {
    throw new SSEProtocolError(
      `The server used ${end.alg}; the reader was configured for another algorithm (checksum option)`,
    );
  }
  if (end.digest !== actual) throw new SSEChecksumError('digest', String(end.digest), actual);
}
