// Checksums for browsers, Workers, Deno and bundles without the `node` condition.
import { sha256 } from '@noble/hashes/sha2.js';
import { createCrc32 } from './crc32.ts';
import { bytesToBase64 } from './encoding.ts';
import type { CreateChecksum, IncrementalChecksum } from './types.ts';

function createSha256(): IncrementalChecksum {
  const hash = sha256.create();
  return {
    update(bytes) {
      hash.update(bytes);
    },
    digest: () => bytesToBase64(hash.digest()),
  };
}

export const createChecksum: CreateChecksum = (algorithm) =>
  algorithm === 'sha-256' ? createSha256() : createCrc32();

/** Which `#checksum` target was resolved (asserted by tests, shown by the bench). */
export const checksumImplementation = '@noble/hashes + crc32 table';
