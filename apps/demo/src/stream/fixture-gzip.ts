// GET /fixtures/large.json.gz: a generated JSON document of fixed-width rows, served as a gzip
// body (Content-Encoding: gzip) of at least 20 MiB. The deflate data uses stored blocks, so every
// runtime (Node, Lambda, Workers, no zlib needed) produces the very same bytes, streamed with
// flat memory; a proxy that decodes or re-encodes it is caught by a byte comparison.
import { crc32Update } from '@sluice/core';

const STORED_BLOCK_MAX = 65_535;
const GZIP_HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3); // no mtime, OS unix
const PREFIX = '{"fixture":"sluice demo","rows":[\n';
const SUFFIX = '\n]}\n';
export const FIXTURE_ROWS = 210_000;

/** Row `i` (0-based), always ROW_WIDTH bytes, separator included for all but the last row. */
function row(i: number): string {
  const id = 1_000_001 + i; // seven digits for every row: fixed width, valid JSON numbers
  const value = ((i * 7919) % 100_000).toString().padStart(5, '0');
  const hash = (Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, '0');
  const json = `{"id":${id},"name":"item-${id}","value":0.${value},"hash":"${hash}","tags":["alpha","beta","gamma"]}`;
  return i + 1 < FIXTURE_ROWS ? `${json},\n` : json;
}

const ROW_WIDTH = row(0).length;

export const FIXTURE_JSON_BYTES =
  PREFIX.length + FIXTURE_ROWS * ROW_WIDTH - 2 /* no ",\n" after the last row */ + SUFFIX.length;

const BLOCKS = Math.ceil(FIXTURE_JSON_BYTES / STORED_BLOCK_MAX);
/** Size of the gzip body: header, each stored block's 5-byte head, the data, CRC32 + ISIZE. */
export const FIXTURE_GZIP_BYTES = GZIP_HEADER.length + BLOCKS * 5 + FIXTURE_JSON_BYTES + 8;

/** The uncompressed JSON, in pieces. */
function* jsonPieces(): Generator<string> {
  yield PREFIX;
  let batch = '';
  for (let i = 0; i < FIXTURE_ROWS; i++) {
    batch += row(i);
    if (batch.length >= 16_384) {
      yield batch;
      batch = '';
    }
  }
  yield batch + SUFFIX;
}

/** The gzip body as a stream: one stored block (<= 64 KiB) per pull. */
export function fixtureGzipStream(): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pieces = jsonPieces();
  let carry = new Uint8Array(0);
  let crc = 0;
  let written = 0;
  let started = false;
  let finished = false;

  const nextBlockData = (): Uint8Array => {
    while (carry.length < STORED_BLOCK_MAX) {
      const piece = pieces.next();
      if (piece.done) break;
      const bytes = encoder.encode(piece.value);
      const joined = new Uint8Array(carry.length + bytes.length);
      joined.set(carry);
      joined.set(bytes, carry.length);
      carry = joined;
    }
    const data = carry.subarray(0, STORED_BLOCK_MAX);
    carry = carry.slice(data.length);
    return data;
  };

  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (finished) return;
        const data = nextBlockData();
        crc = crc32Update(crc, data);
        written += data.length;
        const last = written === FIXTURE_JSON_BYTES;
        const head = started ? 0 : GZIP_HEADER.length;
        const out = new Uint8Array(head + 5 + data.length + (last ? 8 : 0));
        if (!started) out.set(GZIP_HEADER);
        started = true;
        const view = new DataView(out.buffer);
        out[head] = last ? 1 : 0; // BFINAL, BTYPE=00 (stored)
        view.setUint16(head + 1, data.length, true);
        view.setUint16(head + 3, ~data.length & 0xffff, true);
        out.set(data, head + 5);
        if (last) {
          view.setUint32(out.length - 8, crc, true);
          view.setUint32(out.length - 4, FIXTURE_JSON_BYTES >>> 0, true);
          finished = true;
          controller.enqueue(out);
          controller.close();
          return;
        }
        controller.enqueue(out);
      },
    },
    { highWaterMark: 0 },
  );
}
