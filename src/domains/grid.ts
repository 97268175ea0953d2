/**
 * Quadrature grids: the midpoint rule on a box, optionally shifted (all nodes moved by the same
 * fraction s ∈ [0,1) of a cell: (k + s)/n). Shifting the nodes at random from step to step makes
 * the rule unbiased for the integrand's placement while keeping its spectral accuracy for smooth
 * densities that vanish at the edges.
 */
export interface Grid {
  /** nodes, row-major [count, d], float64 */
  readonly points: Float64Array;
  readonly count: number;
  readonly d: number;
  /** the cell volume (every node has the same weight) */
  readonly weight: number;
}

/** n^d nodes of the shifted midpoint rule on the box [lo, hi] (shift 0.5 = the plain midpoint rule). */
export function boxGrid(lo: readonly number[], hi: readonly number[], n: number, shift = 0.5): Grid {
  const d = lo.length;
  if (d === 0 || hi.length !== d) throw new Error(`boxGrid: lo and hi must be non-empty and of equal length`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`boxGrid: n must be a positive integer, got ${n}`);
  if (!(shift >= 0 && shift < 1)) throw new Error(`boxGrid: shift must be in [0, 1), got ${shift}`);
  const count = n ** d;
  if (count > 1 << 22) throw new Error(`boxGrid: ${n}^${d} = ${count} nodes is too many; use Monte Carlo in high dimension`);
  const h = lo.map((a, i) => ((hi[i] as number) - a) / n);
  const points = new Float64Array(count * d);
  for (let k = 0; k < count; k++) {
    let rest = k;
    for (let i = d - 1; i >= 0; i--) {
      const j = rest % n;
      rest = Math.floor(rest / n);
      points[k * d + i] = (lo[i] as number) + (j + shift) * (h[i] as number);
    }
  }
  return { points, count, d, weight: h.reduce((a, b) => a * b, 1) };
}

/** ∫ f over the grid's box by its rule, f given at the nodes (float64 sum). */
export function integrate(grid: Grid, values: ArrayLike<number>): number {
  if (values.length !== grid.count) throw new Error(`integrate: ${values.length} values for ${grid.count} nodes`);
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k] as number;
  return s * grid.weight;
}
