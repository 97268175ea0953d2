/** Statistics of error curves: rows of plain numbers, e.g. a solver's history. */

type Row = Readonly<Record<string, number | undefined>>;

/**
 * The first row at which every one of `columns` is ≤ `threshold` (rows lacking a column are skipped),
 * or undefined when no row gets there.
 */
export function firstReach<R extends Row>(rows: readonly R[], columns: readonly string[], threshold: number): R | undefined {
  if (columns.length === 0) throw new Error("firstReach: columns is empty");
  if (!Number.isFinite(threshold)) throw new Error(`firstReach: threshold must be finite, got ${threshold}`);
  return rows.find((r) => columns.every((c) => r[c] !== undefined && (r[c] as number) <= threshold));
}

/**
 * The oscillation of a curve at its end: mean and (population) standard deviation of its last
 * `fraction` of values (at least one value).
 */
export function tailStats(values: readonly number[], fraction = 0.2): { mean: number; std: number; n: number } {
  if (values.length === 0) throw new Error("tailStats: values is empty");
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`tailStats: fraction must be in (0, 1], got ${fraction}`);
  const n = Math.max(1, Math.round(values.length * fraction));
  const tail = values.slice(-n);
  const mean = tail.reduce((s, v) => s + v, 0) / n;
  const std = Math.sqrt(tail.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  return { mean, std, n };
}
