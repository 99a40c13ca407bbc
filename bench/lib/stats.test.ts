import { describe, expect, it } from 'vitest';
import { interleaved, percentile } from './stats.ts';

describe('percentile', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted

  it('takes the nearest rank', () => {
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('refuses an empty sample', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
  });
});

describe('interleaved', () => {
  it('rotates the order every round and keeps samples per kind', async () => {
    const order: string[] = [];
    const samples = await interleaved(['a', 'b', 'c'], 3, async (kind, round) => {
      order.push(kind);
      return `${kind}${round}`;
    });
    expect(order.join('')).toBe('abcbcacab');
    expect(samples.get('b')).toEqual(['b0', 'b1', 'b2']);
  });
});
