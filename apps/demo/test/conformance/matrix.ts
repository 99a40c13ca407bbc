/** A target x case table: `ok`, `DIFF` (differs from the first target) or `FAIL` (check failed). */
export function formatMatrix(
  targets: readonly string[],
  cases: readonly string[],
  cell: (target: string, name: string) => string,
): string {
  const width = Math.max(...cases.map((name) => name.length), 'case'.length);
  const columns = targets.map((target) => Math.max(target.length, 4));
  const row = (first: string, cells: string[]) =>
    [first.padEnd(width), ...cells.map((text, i) => text.padEnd(columns[i]!))].join(' | ');
  const lines = [
    row('case', [...targets]),
    row(
      '-'.repeat(width),
      columns.map((n) => '-'.repeat(n)),
    ),
  ];
  for (const name of cases)
    lines.push(
      row(
        name,
        targets.map((target) => cell(target, name)),
      ),
    );
  return lines.join('\n');
}
