// A deterministic gzip body generated on the fly, never held in memory. It is written by hand
// as stored (uncompressed) deflate blocks: byte-exact, as fast as a copy, and without zlib's
// thread pool, whose per-thread malloc arenas would blur a memory measurement.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';

export interface GzipSent {
  /** sha256 (hex) of the gzip bytes written to the wire. */
  gzipSha256: string;
  gzipBytes: number;
  /** sha256 (hex) of the uncompressed content. */
  plainSha256: string;
}

const BLOCK = 65_535; // the largest stored deflate block
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

function pseudoRandom(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const TEMPLATE = pseudoRandom(BLOCK);

function storedBlock(plain: Buffer, final: boolean): Buffer {
  const block = Buffer.allocUnsafe(5 + plain.length);
  block[0] = final ? 1 : 0;
  block.writeUInt16LE(plain.length, 1);
  block.writeUInt16LE(~plain.length & 0xffff, 3);
  plain.copy(block, 5);
  return block;
}

/** Writes a gzip body of `plainBytes` uncompressed bytes to `res`, honouring backpressure. */
export function sendGzip(
  res: ServerResponse,
  plainBytes: number,
  headers: Record<string, string> = {},
): Promise<GzipSent> {
  const plainHash = createHash('sha256');
  const gzipHash = createHash('sha256');
  let gzipBytes = 0;
  let crc = 0;
  let produced = 0;
  let index = 0;
  const send = (bytes: Buffer) => {
    gzipHash.update(bytes);
    gzipBytes += bytes.length;
    return res.write(bytes);
  };
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-encoding': 'gzip',
    ...headers,
  });
  return new Promise((resolve, reject) => {
    res.once('error', reject);
    const produce = () => {
      let writable = produced > 0 || send(GZIP_HEADER);
      while (produced < plainBytes) {
        const plain = Buffer.from(TEMPLATE.subarray(0, Math.min(BLOCK, plainBytes - produced)));
        plain.writeUInt32BE(index++ % 2 ** 32, 0); // every block differs
        plainHash.update(plain);
        crc = crc32(plain, crc);
        produced += plain.length;
        writable = send(storedBlock(plain, produced === plainBytes));
        if (!writable) return void res.once('drain', produce);
      }
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(crc, 0);
      trailer.writeUInt32LE(plainBytes % 2 ** 32, 4);
      send(trailer);
      res.end(() =>
        resolve({
          gzipSha256: gzipHash.digest('hex'),
          gzipBytes,
          plainSha256: plainHash.digest('hex'),
        }),
      );
    };
    produce();
  });
}
