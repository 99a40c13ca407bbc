/** Checksum algorithms of the `end` event (`alg`). */
export type ChecksumAlgorithm = 'sha-256' | 'crc32';

/** An incremental checksum: `update` any number of times, then `digest` once. */
export interface IncrementalChecksum {
  update(bytes: Uint8Array): void;
  /** base64 (with padding) for sha-256, 8 lowercase hex digits for crc32. */
  digest(): string;
}

/** What each runtime's `#checksum` module exports. */
export type CreateChecksum = (algorithm: ChecksumAlgorithm) => IncrementalChecksum;
