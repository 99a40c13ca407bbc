// A real Node Writable standing in for the Lambda response stream in unit tests and benches.
import { Writable } from 'node:stream';

export interface CapturingSink extends Writable {
  /** Every byte written, in order. */
  bytes(): Buffer;
  /** Peak of buffered-but-unprocessed bytes seen by `write`. */
  peakBuffered(): number;
  setContentType(contentType: string): void;
  contentType: string | undefined;
}

/**
 * `delayMs` > 0 makes the sink slow (each chunk waits), so backpressure shows up;
 * `keep` false discards bytes (for big streams) but still counts them.
 */
export function capturingSink(
  options: { highWaterMark?: number; delayMs?: number; keep?: boolean } = {},
): CapturingSink & { total: number } {
  const chunks: Buffer[] = [];
  let peak = 0;
  const sink = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      peak = Math.max(peak, sink.writableLength);
      sink.total += chunk.length;
      if (options.keep !== false) chunks.push(chunk);
      if (options.delayMs) setTimeout(callback, options.delayMs);
      else callback();
    },
  }) as CapturingSink & { total: number };
  sink.total = 0;
  sink.contentType = undefined;
  sink.bytes = () => Buffer.concat(chunks);
  sink.peakBuffered = () => peak;
  sink.setContentType = (contentType) => {
    sink.contentType = contentType;
  };
  return sink;
}

/** Splits captured bytes into the prelude JSON and the body after the 8 NUL delimiter. */
export function parseStreamed(bytes: Buffer): { prelude: unknown; body: Buffer } {
  const at = bytes.indexOf(Buffer.alloc(8));
  if (at < 0)
    throw new Error(
      `no prelude delimiter in ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`,
    );
  return {
    prelude: JSON.parse(bytes.subarray(0, at).toString('utf8')),
    body: bytes.subarray(at + 8),
  };
}
