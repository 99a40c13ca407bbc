// Small statistics shared by the bench scripts: percentiles and interleaved rounds.

/** The `p`-th percentile (0..100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Runs `measure` once per kind per round, rotating the order every round (A B C, B C A, C A B),
 * so machine drift and warm-up hit every kind alike. Returns every kind's samples in run order.
 */
export async function interleaved<K extends string, T>(
  kinds: readonly K[],
  rounds: number,
  measure: (kind: K, round: number) => Promise<T>,
): Promise<Map<K, T[]>> {
  const samples = new Map<K, T[]>(kinds.map((kind) => [kind, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(round + i) % kinds.length]!;
      samples.get(kind)!.push(await measure(kind, round));
    }
  }
  return samples;
}
