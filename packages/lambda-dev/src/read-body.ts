import type { IncomingMessage } from 'node:http';

export interface BodyRead {
  body: Buffer;
  /** Total bytes the peer sent (all drained, at most `cap` kept). */
  size: number;
  overflow: boolean;
}

/** Reads a whole request body, keeping at most `cap` bytes; the rest is drained and dropped. */
export function readBody(req: IncomingMessage, cap: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (kept + chunk.length <= cap) {
        chunks.push(chunk);
        kept += chunk.length;
      }
    });
    req.once('end', () =>
      resolve({ body: Buffer.concat(chunks, kept), size, overflow: size > cap }),
    );
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}
