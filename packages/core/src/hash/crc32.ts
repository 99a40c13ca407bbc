import { crc32ToHex } from './encoding.ts';
import type { IncrementalChecksum } from './types.ts';

// CRC-32/ISO-HDLC (zlib's crc32), slicing-by-4: four 256-entry tables, one per byte lane.
const TABLES = buildTables();

function buildTables(): Uint32Array {
  const tables = new Uint32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let lane = 1; lane < 4; lane++) {
      const previous = tables[(lane - 1) * 256 + n]!;
      tables[lane * 256 + n] = (previous >>> 8) ^ tables[previous & 0xff]!;
    }
  }
  return tables;
}

/** Continues `crc` (0 for a fresh checksum) over `bytes`, like zlib's `crc32(data, value)`. */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  const t = TABLES;
  let c = ~crc;
  let i = 0;
  const aligned = bytes.length & ~3;
  while (i < aligned) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c =
      t[768 + (c & 0xff)]! ^
      t[512 + ((c >>> 8) & 0xff)]! ^
      t[256 + ((c >>> 16) & 0xff)]! ^
      t[c >>> 24]!;
    i += 4;
  }
  while (i < bytes.length) c = (c >>> 8) ^ t[(c ^ bytes[i++]!) & 0xff]!;
  return ~c >>> 0;
}

/** Portable crc32 for runtimes without `zlib.crc32`. */
export function createCrc32(): IncrementalChecksum {
  let crc = 0;
  return {
    update(bytes) {
      crc = crc32Update(crc, bytes);
    },
    digest: () => crc32ToHex(crc),
  };
}
