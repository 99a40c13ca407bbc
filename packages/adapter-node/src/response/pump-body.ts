import type { ServerResponse } from 'node:http';
import { ClientDisconnectedError, InvalidChunkError } from '../errors.ts';

type ReadResult = ReadableStreamReadResult<Uint8Array>;

export function toChunk(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new InvalidChunkError(value);
}

/**
 * Writes the rest of a body, starting with the read already in progress. Each chunk is written
 * as soon as it is read (no batching); when the socket buffer is full it waits for `drain`, so
 * a slow client stops the reads instead of growing memory. When the client leaves, the body is
 * cancelled and the function returns. Throws when the body errors or a write is refused.
 */
export async function pumpBody(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  outgoing: ServerResponse,
  pending: Promise<ReadResult>,
): Promise<void> {
  let wake: (() => void) | undefined;
  const onDrain = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const onClose = () => {
    if (!outgoing.writableFinished) reader.cancel(new ClientDisconnectedError()).catch(() => {});
    onDrain();
  };
  if (outgoing.destroyed) return onClose();
  outgoing.on('drain', onDrain);
  outgoing.on('close', onClose);
  try {
    for (let result = await pending; !result.done; result = await reader.read()) {
      if (outgoing.destroyed) return;
      if (!outgoing.write(toChunk(result.value)) && !outgoing.destroyed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
    if (!outgoing.destroyed) outgoing.end();
  } finally {
    outgoing.off('drain', onDrain);
    outgoing.off('close', onClose);
  }
}
