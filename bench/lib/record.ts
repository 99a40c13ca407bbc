/**
 * One measured figure. Every bench script prints these as JSON lines on stdout; the harness
 * collects them. `ratio` is always ours / baseline measured in the same run, so the figure
 * says something on any machine.
 */
export interface BenchRecord {
  /** Stable id, e.g. `node.hello`. */
  id: string;
  /** What is measured, for the table. */
  title: string;
  unit: string;
  value: number;
  baseline?: { name: string; value: number };
  ratio?: number;
  /** The goal in words, e.g. `>= 0.95x raw`. */
  goal?: string;
  met?: boolean;
  /** Free-form detail: runs, medians of each side, notes. */
  detail?: string;
}

export function isBenchRecord(value: unknown): value is BenchRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<BenchRecord>;
  return (
    typeof record.id === 'string' &&
    typeof record.title === 'string' &&
    typeof record.value === 'number'
  );
}

/** Prints a record for the harness; fills in `ratio` (value / baseline) when it is missing. */
export function emit(record: BenchRecord): void {
  const ratio =
    record.ratio ?? (record.baseline ? record.value / record.baseline.value : undefined);
  process.stdout.write(`${JSON.stringify(ratio === undefined ? record : { ...record, ratio })}\n`);
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** True when the harness runs the short smoke variant (`pnpm bench --quick`). */
export const quick = process.env.BENCH_QUICK === '1';
