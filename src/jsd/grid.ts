import { intAtLeast } from "../config";

/**
 * Densities on a uniform 1-D grid of cells: values are cell values (midpoint samples or cell
 * averages), integrals are midpoint sums h Σ f_i. Plain Float64Array maths, no tensors.
 */

export interface Grid1D {
  readonly lo: number;
  readonly hi: number;
  /** number of cells */
  readonly n: number;
  /** cell width */
  readonly h: number;
  /** cell centres lo + (i + ½) h */
  readonly x: Float64Array;
}

export function uniformGrid(lo: number, hi: number, n: number): Grid1D {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new Error(`uniformGrid: need finite lo < hi, got lo=${lo}, hi=${hi}`);
  }
  intAtLeast(3)("uniformGrid", "n", n);
  const h = (hi - lo) / n;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = lo + (i + 0.5) * h;
  return { lo, hi, n, h, x };
}

/** f sampled at the cell centres */
export function sampleOnGrid(grid: Grid1D, f: (x: number) => number): Float64Array {
  return grid.x.map(f);
}

/** h Σ f_i */
export function integrate(grid: Grid1D, f: Float64Array): number {
  checkLength(grid, f, "integrate: f");
  let s = 0;
  for (let i = 0; i < f.length; i++) s += f[i] as number;
  return s * grid.h;
}

/** ∫|p − q| on the grid */
export function l1Distance(grid: Grid1D, p: Float64Array, q: Float64Array): number {
  checkLength(grid, p, "l1Distance: p");
  checkLength(grid, q, "l1Distance: q");
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs((p[i] as number) - (q[i] as number));
  return s * grid.h;
}

/**
 * Cell averages of a fine-grid function on a coarse grid whose cells are unions of `ratio` fine
 * cells (nested grids: same lo, hi, fine.n = ratio · coarse.n).
 */
export function restrict(fine: Float64Array, ratio: number): Float64Array {
  if (!Number.isInteger(ratio) || ratio < 1 || fine.length % ratio !== 0) {
    throw new Error(`restrict: ratio must be a positive integer dividing ${fine.length}, got ${ratio}`);
  }
  const out = new Float64Array(fine.length / ratio);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let k = 0; k < ratio; k++) s += fine[i * ratio + k] as number;
    out[i] = s / ratio;
  }
  return out;
}

export function checkLength(grid: Grid1D, f: Float64Array, name: string): void {
  if (f.length !== grid.n) throw new Error(`${name} has length ${f.length}, the grid has ${grid.n} cells`);
}
