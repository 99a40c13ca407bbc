// Sends `count` events at `perSecond`, each stamped just before it is handed to the stream.
import { setTimeout as sleep } from 'node:timers/promises';
import { nowMicros } from './clock.ts';

/**
 * Calls `send(stamp)` `count` times, the i-th at start + i / perSecond (timers fire on whole
 * milliseconds, so a late event goes out at once and the average rate holds).
 */
export async function paced(
  count: number,
  perSecond: number,
  send: (stampMicros: string) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const started = performance.now();
  const intervalMs = 1000 / perSecond;
  for (let i = 0; i < count && !signal?.aborted; i++) {
    const wait = started + i * intervalMs - performance.now();
    if (wait >= 1) await sleep(wait);
    await send(String(nowMicros()));
  }
}

/** `?n=` of a request URL, the number of events or bytes asked for. */
export function countParam(url: string, fallback: number): number {
  const value = Number(new URL(url, 'http://localhost').searchParams.get('n'));
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}
