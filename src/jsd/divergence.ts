import { finitePositive } from "../config";
import { checkLength, type Grid1D } from "./grid";

/**
 * Jensen–Shannon divergence of two densities on a grid, NATURAL log (so 0 ≤ JSD ≤ ln 2):
 *   JSD(p, q) = ½ ∫ p ln(2p/(p+q)) + ½ ∫ q ln(2q/(p+q)),  with 0 ln 0 = 0.
 * This is the J(ρ) whose first variation ½ ln(2ρ/(ρ+ρ_d)) drives the flow, so no base change.
 */
export function jsdOnGrid(grid: Grid1D, p: Float64Array, q: Float64Array): number {
  checkLength(grid, p, "jsdOnGrid: p");
  checkLength(grid, q, "jsdOnGrid: q");
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] as number, b = q[i] as number;
    if (a < 0 || b < 0 || !Number.isFinite(a) || !Number.isFinite(b)) {
      throw new Error(`jsdOnGrid: densities must be finite and ≥ 0, got p[${i}]=${a}, q[${i}]=${b}`);
    }
    const m = a + b;
    if (a > 0) s += a * Math.log((2 * a) / m);
    if (b > 0) s += b * Math.log((2 * b) / m);
  }
  return 0.5 * s * grid.h;
}

/** Histogram density on the grid's cells: counts / (N h). Samples outside [lo, hi) are dropped. */
export function histogramDensity(grid: Grid1D, samples: ArrayLike<number>): Float64Array {
  if (samples.length === 0) throw new Error("histogramDensity: samples is empty");
  const out = new Float64Array(grid.n);
  for (let k = 0; k < samples.length; k++) {
    const i = Math.floor(((samples[k] as number) - grid.lo) / grid.h);
    if (i >= 0 && i < grid.n) out[i] = (out[i] as number) + 1;
  }
  const scale = 1 / (samples.length * grid.h);
  for (let i = 0; i < grid.n; i++) out[i] = (out[i] as number) * scale;
  return out;
}

/**
 * Gaussian kernel density estimate on the grid, binned: the histogram convolved with the kernel's
 * cell weights (exact up to the O(h²) binning error, and O(cells · width) instead of O(N · cells)).
 */
export function kdeDensity(grid: Grid1D, samples: ArrayLike<number>, bandwidth: number): Float64Array {
  finitePositive("kdeDensity", "bandwidth", bandwidth);
  const hist = histogramDensity(grid, samples);
  const half = Math.ceil((5 * bandwidth) / grid.h);
  const w = new Float64Array(2 * half + 1);
  let wsum = 0;
  for (let k = -half; k <= half; k++) {
    const r = (k * grid.h) / bandwidth;
    const v = Math.exp(-0.5 * r * r);
    w[k + half] = v;
    wsum += v;
  }
  const out = new Float64Array(grid.n);
  for (let i = 0; i < grid.n; i++) {
    const hi = hist[i] as number;
    if (hi === 0) continue;
    const lo = Math.max(-half, -i), top = Math.min(half, grid.n - 1 - i);
    for (let k = lo; k <= top; k++) out[i + k] = (out[i + k] as number) + (hi * (w[k + half] as number)) / wsum;
  }
  return out;
}

/** Silverman's rule 0.9 min(σ, IQR/1.34) N^(-1/5) for a 1-D sample */
export function silvermanBandwidth(samples: ArrayLike<number>): number {
  const n = samples.length;
  if (n < 2) throw new Error(`silvermanBandwidth: need at least 2 samples, got ${n}`);
  const xs = Float64Array.from(samples).sort();
  let mean = 0;
  for (const v of xs) mean += v / n;
  let v2 = 0;
  for (const v of xs) v2 += ((v - mean) * (v - mean)) / (n - 1);
  const q = (p: number): number => xs[Math.min(n - 1, Math.floor(p * (n - 1)))] as number;
  const spread = Math.min(Math.sqrt(v2), (q(0.75) - q(0.25)) / 1.34);
  return 0.9 * spread * Math.pow(n, -0.2);
}
