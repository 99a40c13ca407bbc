// Checksums on Node (selected by the `node` condition of the `#checksum` import): native code.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { crc32ToHex } from './encoding.ts';
import type { CreateChecksum, IncrementalChecksum } from './types.ts';

function createSha256(): IncrementalChecksum {
  const hash = createHash('sha256');
  return {
    update(bytes) {
      hash.update(bytes);
    },
    digest: () => hash.digest('base64'),
  };
}

function createCrc32(): IncrementalChecksum {
  let crc = 0;
  return {
    update(bytes) {
      crc = crc32(bytes, crc);
    },
    digest: () => crc32ToHex(crc),
  };
}

export const createChecksum: CreateChecksum = (algorithm) =>
  algorithm === 'sha-256' ? createSha256() : createCrc32();

/** Which `#checksum` target was resolved (asserted by tests, shown by the bench). */
export const checksumImplementation = 'node:crypto + node:zlib';
