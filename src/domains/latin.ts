import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random";

/**
 * n points of [0,1)^d as float64, every coordinate a randomly shifted grid (k + s)/n randomly
 * permuted across points: a Latin hypercube with one shift per coordinate. Each point is uniform
 * (averages are unbiased) and every 1-D projection is a shifted grid, which integrates smooth
 * periodic functions of one coordinate to spectral accuracy.
 */
export function latinUnit(r: Rng, n: number, d: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new Error(`latinUnit: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`latinUnit: d must be a positive integer, got ${d}`);
  const out = new Float64Array(n * d);
  const perm = new Int32Array(n);
  for (let i = 0; i < d; i++) {
    const shift = r.uniform();
    for (let k = 0; k < n; k++) perm[k] = k;
    for (let k = n - 1; k > 0; k--) {
      const j = r.int(k + 1);
      const t = perm[k] as number;
      perm[k] = perm[j] as number;
      perm[j] = t;
    }
    for (let k = 0; k < n; k++) out[k * d + i] = ((perm[k] as number) + shift) / n;
  }
  return out;
}

/** float32 below 1 (Math.fround of 1 − 2^-30 rounds up to 1: the torus is half-open). */
const BELOW_ONE = 1 - 2 ** -24;

/** A Latin hypercube on the torus [0,1)^d, [n,d]; float32 values stay strictly below 1. */
export function latinTorus(r: Rng, n: number, d: number): tf.Tensor2D {
  const u = latinUnit(r, n, d);
  const out = new Float32Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = Math.min(Math.fround(u[i] as number), BELOW_ONE);
  return tf.tensor2d(out, [n, d]);
}

/** A Latin hypercube on the box [lo, hi), [n,d]. */
export function latinBox(r: Rng, n: number, lo: readonly number[], hi: readonly number[]): tf.Tensor2D {
  const d = lo.length;
  if (d === 0 || hi.length !== d) throw new Error(`latinBox: lo and hi must be non-empty and of equal length (got ${lo.length}, ${hi.length})`);
  const u = latinUnit(r, n, d);
  const out = new Float32Array(u.length);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) {
      const a = lo[i] as number, b = hi[i] as number;
      out[k * d + i] = Math.min(Math.fround(a + (b - a) * (u[k * d + i] as number)), Math.fround(b - (b - a) * 2 ** -24));
    }
  }
  return tf.tensor2d(out, [n, d]);
}
