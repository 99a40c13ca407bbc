import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-delay.ts';

describe('reconnectDelayMs', () => {
  it('doubles per failure in a row up to the cap, within the upper half of each step', () => {
    const lowest = [1, 2, 3, 4, 5, 6].map((n) => reconnectDelayMs(n, 1000, 10_000, () => 0));
    const highest = [1, 2, 3, 4, 5, 6].map((n) => reconnectDelayMs(n, 1000, 10_000, () => 1));
    expect(lowest).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect(highest).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('spreads 1,000 clients cut at the same moment over half the interval', () => {
    const delays = Array.from({ length: 1000 }, () => reconnectDelayMs(1, 1000, 30_000));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    // Ten 50 ms buckets from 500 to 1000 ms: none holds more than a fifth of the clients.
    const buckets = new Array(10).fill(0);
    for (const delay of delays) buckets[Math.min(9, Math.floor((delay - 500) / 50))]++;
    expect(Math.max(...buckets)).toBeLessThan(200);
  });
});
