// Deterministic payloads shared by the test app and the tests that check its bytes.
import { crc32, deflateSync, gzipSync } from 'node:zlib';

/** A valid 48x48 RGB PNG of pseudo-random pixels (bytes that are not UTF-8). */
export function pngBytes(): Buffer {
  const width = 48;
  const height = 48;
  const raw = Buffer.alloc(height * (1 + width * 3));
  let seed = 7;
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    raw[row] = 0;
    for (let i = 1; i <= width * 3; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      raw[row + i] = seed >>> 24;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export const GZIP_TEXT = 'sluice gzip passthrough ✓\n'.repeat(400);

/** Precompressed bytes, produced once so every read sees the very same gzip stream. */
export const gzipBytes = (): Buffer => gzipSync(GZIP_TEXT, { level: 9 });

export const BIG_CHUNK = 64 * 1024;

/** Chunk `index` of the big stream: its bytes depend on the index only. */
export function bigChunk(index: number): Buffer {
  return Buffer.allocUnsafe(BIG_CHUNK).fill((index * 31 + 7) % 251);
}
