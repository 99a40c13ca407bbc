// Byte-level helpers for SSE tests: whole bodies, re-chunked streams, independent digests.
import { createHash } from 'node:crypto';
import { readSSE } from '../reader.ts';
import type { ReadSSEOptions, SSEMessage } from '../types.ts';

export async function bodyBytes(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

export async function bodyText(response: Response): Promise<string> {
  return new TextDecoder().decode(await bodyBytes(response));
}

/** A stream of `bytes` cut at the given offsets (each chunk a fresh copy). */
export function streamOfChunks(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const bounds = [0, ...cuts.filter((cut) => cut > 0 && cut < bytes.length), bytes.length];
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index + 1 >= bounds.length) return controller.close();
      controller.enqueue(bytes.slice(bounds[index], bounds[index + 1]));
      index++;
    },
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing seed can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Iterates to the end; returns the messages and the error, if any. */
export async function drain(
  stream: AsyncIterable<SSEMessage>,
): Promise<{ messages: SSEMessage[]; error: unknown }> {
  const messages: SSEMessage[] = [];
  try {
    for await (const message of stream) messages.push(message);
    return { messages, error: undefined };
  } catch (error) {
    return { messages, error };
  }
}

/** readSSE to the end; returns the messages and the error, if any. */
export function readAll(input: Response | ReadableStream<Uint8Array>, options?: ReadSSEOptions) {
  return drain(readSSE(input, options));
}

/** The spec's digest input, written out independently of the library's batching code. */
export function referenceSha256(events: Array<{ type: string; data: string }>): string {
  const hash = createHash('sha256');
  for (const { type, data } of events) {
    for (const field of [type, data]) {
      const bytes = Buffer.from(field, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      hash.update(length).update(bytes);
    }
  }
  return hash.digest('base64');
}
