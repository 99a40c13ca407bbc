// Byte comparison whose time depends only on the expected value's length, never on where (or
// whether) the given bytes differ. Plain JS so the origin guard needs no node:crypto at load.

/** True when `given` equals `expected`; every byte of `expected` is visited whatever `given` is. */
export function equalsInConstantTime(given: Uint8Array, expected: Uint8Array): boolean {
  let difference = given.length ^ expected.length;
  const last = given.length - 1;
  for (let i = 0; i < expected.length; i++) {
    // Past the end of `given` its last byte is reused (a length mismatch already counts).
    const byte = last < 0 ? 0 : (given[Math.min(i, last)] as number);
    difference |= byte ^ (expected[i] as number);
  }
  return difference === 0;
}
