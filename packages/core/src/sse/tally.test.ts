import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChecksum } from '#checksum';
import type { ChecksumAlgorithm } from '../hash/types.ts';
import { sse } from './sse.ts';
import { StreamTally } from './tally.ts';

/** The runtime's checksums, counting how many were opened. */
function countingChecksums() {
  const opened: ChecksumAlgorithm[] = [];
  const create = (alg: ChecksumAlgorithm) => {
    opened.push(alg);
    return createChecksum(alg);
  };
  return { opened, create };
}

describe('StreamTally opens its checksums lazily', () => {
  it('opens none before an event, yet an empty stream still carries the digest of nothing', () => {
    const { opened, create } = countingChecksums();
    const tally = new StreamTally(['sha-256', 'crc32'], create);
    expect(opened).toEqual([]);
    expect(tally.digest('sha-256')).toBe(createHash('sha256').digest('base64'));
    expect(tally.digest('crc32')).toBe('00000000');
    expect(tally.digest('sha-256')).toBe(createHash('sha256').digest('base64'));
    expect(opened).toEqual(['sha-256', 'crc32']);
  });

  it('opens each checksum once, whether events are batched or too large to batch', () => {
    const { opened, create } = countingChecksums();
    const tally = new StreamTally(['sha-256'], create);
    const big = 'x'.repeat(40_000); // 4 + 3 * 40,000 bytes worst case: past the 64 KB batch
    tally.add('message', 'a');
    tally.add('message', big);
    tally.add('é', 'b');
    const expected = createHash('sha256');
    for (const field of ['message', 'a', 'message', big, 'é', 'b']) {
      const bytes = Buffer.from(field, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      expected.update(length).update(bytes);
    }
    expect(tally.digest('sha-256')).toBe(expected.digest('base64'));
    expect(opened).toEqual(['sha-256']);
    expect(() => tally.add('message', 'late')).toThrow('add() after digest()');
  });

  it('idle sse() streams hold no per-stream batch buffer', async () => {
    const STREAMS = 400;
    const never = new Promise<never>(() => {});
    const before = process.memoryUsage().arrayBuffers;
    const readers = [];
    for (let i = 0; i < STREAMS; i++) {
      const response = sse(
        (async function* () {
          yield await never;
        })(),
        { heartbeatMs: 0 },
      );
      const reader = response.body!.getReader();
      void reader.read().catch(() => {}); // one pending read, like an adapter holding the stream
      readers.push(reader);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    const perStream = (process.memoryUsage().arrayBuffers - before) / STREAMS;
    await Promise.all(readers.map((reader) => reader.cancel()));
    // A 64 KB batch per stream was 25 MB here; a few MB of unrelated garbage stays far below it.
    expect(perStream).toBeLessThan(8 * 1024);
  });
});
