// How long connectSSE waits before its next reconnect. Exponential, capped, and jittered: when a
// deploy or a Lambda sandbox recycle cuts thousands of streams at once, their clients must not
// all come back in the same millisecond.

/**
 * The wait before reconnect number `failures` (1 = the first after a drop): `baseMs` doubled per
 * failure in a row, capped at `maxMs`, then drawn from its upper half ("equal jitter"), so the
 * server's `retry:` stays a rough promise and the herd is spread over half the interval.
 */
export function reconnectDelayMs(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
