// The live tail: XREAD BLOCK on a connection of its own, so the shared connection never blocks.
// The reader's signal destroys that connection mid-wait; no polling, nothing left behind.
import type { SSEStoredEvent } from '@sluice/core';
import type { BlockingPool } from './blocking-pool.ts';
import { withDeadline } from './deadline.ts';
import { xreadEntries } from './entries.ts';

export interface TailRequest {
  log: string;
  afterSeq: number;
  count: string;
  waitMs: number;
  signal?: AbortSignal | undefined;
  commandTimeoutMs: number;
}

/** Events after `afterSeq` as soon as one is appended; [] after `waitMs` or on abort. */
export async function waitForEvents(
  pool: BlockingPool,
  request: TailRequest,
): Promise<SSEStoredEvent[]> {
  const { log, afterSeq, count, signal } = request;
  const client = await pool.acquire();
  if (signal?.aborted) {
    pool.release(client);
    return [];
  }
  let aborted = false;
  const onAbort = () => {
    aborted = true;
    pool.discard(client);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const blockMs = Math.max(1, Math.ceil(request.waitMs));
  // XREAD's id is exclusive; 0-1 is the marker every stream starts with.
  const fromId = afterSeq === 0 ? '0-1' : `${afterSeq}-0`;
  const command = ['XREAD', 'COUNT', count, 'BLOCK', String(blockMs), 'STREAMS', log, fromId];
  try {
    const reply = await withDeadline(
      client.sendCommand(command),
      blockMs + request.commandTimeoutMs,
      'XREAD BLOCK',
      () => pool.discard(client),
    );
    pool.release(client);
    return xreadEntries(reply);
  } catch (error) {
    pool.discard(client);
    if (aborted) return [];
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
