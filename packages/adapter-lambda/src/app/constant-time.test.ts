import { describe, expect, it } from 'vitest';
import { equalsInConstantTime } from './constant-time.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('equalsInConstantTime', () => {
  it('is true only for the very same bytes', () => {
    expect(equalsInConstantTime(bytes('s3cr3t'), bytes('s3cr3t'))).toBe(true);
    expect(equalsInConstantTime(bytes(''), bytes(''))).toBe(true);
    expect(equalsInConstantTime(bytes('ünï✓'), bytes('ünï✓'))).toBe(true);
  });

  it.each([
    ['first byte differs', 'X3cr3t'],
    ['last byte differs', 's3cr3X'],
    ['a prefix', 's3cr3'],
    ['longer, the secret as its prefix', 's3cr3tt'],
    ['empty', ''],
    ['same length, a byte one bit apart', 's3cr3u'],
  ])('is false when the given value is %s', (_, given) => {
    expect(equalsInConstantTime(bytes(given), bytes('s3cr3t'))).toBe(false);
  });

  it('is false for an empty expected value and any non-empty input', () => {
    expect(equalsInConstantTime(bytes('a'), bytes(''))).toBe(false);
  });

  it('agrees with Buffer.equals on many random pairs, equal and not', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let round = 0; round < 2000; round++) {
      const expected = Uint8Array.from({ length: random() % 6 }, () => random() % 3);
      const given =
        round % 3 === 0
          ? expected.slice()
          : Uint8Array.from({ length: random() % 6 }, () => random() % 3);
      expect(equalsInConstantTime(given, expected)).toBe(Buffer.from(given).equals(expected));
    }
  });
});
