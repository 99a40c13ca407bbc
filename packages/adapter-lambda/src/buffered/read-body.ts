// Reads a response body into memory up to a limit; past it, hands back what was read and the
// rest of the stream so the caller can drain or forward it without holding it all.

export type BoundedBody =
  | { complete: true; bytes: Buffer }
  | { complete: false; head: Uint8Array[]; headBytes: number; rest: AsyncIterable<Uint8Array> };

export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<BoundedBody> {
  if (!body) return { complete: true, bytes: Buffer.alloc(0) };
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { complete: true, bytes: Buffer.concat(head, headBytes) };
    const chunk = toBytes(value);
    head.push(chunk);
    headBytes += chunk.byteLength;
    if (headBytes > limit) return { complete: false, head, headBytes, rest: remaining(reader) };
  }
}

/** The already-read chunks followed by the rest of the stream. */
export async function* concatBody(
  head: readonly Uint8Array[],
  rest: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield* head;
  yield* rest;
}

/** Reads and discards the rest, returning how many bytes it had (memory stays flat). */
export async function countBytes(rest: AsyncIterable<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const chunk of rest) total += chunk.byteLength;
  return total;
}

async function* remaining(reader: ReadableStreamDefaultReader<Uint8Array>) {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield toBytes(value);
    }
  } finally {
    reader.releaseLock();
  }
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}
