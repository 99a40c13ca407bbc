// GET /api/download?mb=N: exactly N MiB of CSV, generated row by row as the client reads, so a
// 200 MB download costs the same memory as a 1 MB one. Rows are written as bytes straight into
// each 64 KiB chunk: no strings to collect.

export const MIB = 1024 * 1024;
const ROW_BYTES = 64; // fixed width: N MiB is exactly N * 16384 rows, header included
const ROWS_PER_CHUNK = 1024; // 64 KiB per pull
const HEADER = new TextEncoder().encode(`${'id,name,value,hash,note'.padEnd(ROW_BYTES - 1)}\n`);
const HEX = new TextEncoder().encode('0123456789abcdef');
const [COMMA, X, NEWLINE, ZERO] = [44, 120, 10, 48];
const ROW_PREFIX = new TextEncoder().encode('row-');

/** Writes `value` as `width` zero-padded digits in `base` at `at`. */
function writeNumber(out: Uint8Array, at: number, value: number, width: number, base: number) {
  for (let i = width - 1; i >= 0; i--) {
    const digit = value % base;
    out[at + i] = base === 16 ? HEX[digit]! : ZERO + digit;
    value = Math.floor(value / base);
  }
}

/** Row n >= 1: `00000001,row-00000001,104729,9e3779b1,xxxx…\n`, ROW_BYTES long. */
function writeRow(out: Uint8Array, at: number, n: number): void {
  let p = at;
  writeNumber(out, p, n, 8, 10);
  p += 8;
  out[p++] = COMMA;
  out.set(ROW_PREFIX, p);
  p += ROW_PREFIX.length;
  writeNumber(out, p, n, 8, 10);
  p += 8;
  out[p++] = COMMA;
  writeNumber(out, p, (n * 104_729) % 1_000_000, 6, 10);
  p += 6;
  out[p++] = COMMA;
  writeNumber(out, p, Math.imul(n, 2654435761) >>> 0, 8, 16);
  p += 8;
  out[p++] = COMMA;
  out.fill(X, p, at + ROW_BYTES - 1);
  out[at + ROW_BYTES - 1] = NEWLINE;
}

export function csvDownloadStream(mebibytes: number): ReadableStream<Uint8Array> {
  const totalRows = (mebibytes * MIB) / ROW_BYTES;
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const rows = Math.min(ROWS_PER_CHUNK, totalRows - next);
        const chunk = new Uint8Array(rows * ROW_BYTES);
        for (let i = 0; i < rows; i++, next++) {
          if (next === 0) chunk.set(HEADER, 0);
          else writeRow(chunk, i * ROW_BYTES, next);
        }
        controller.enqueue(chunk);
        if (next >= totalRows) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}
