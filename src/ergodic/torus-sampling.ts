import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random";

function checkShape(n: number, d: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what}: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`${what}: d must be a positive integer, got ${d}`);
}

/** n points uniform on the torus [0,1)^d, [n,d]. */
export function uniformTorus(r: Rng, n: number, d: number): tf.Tensor2D {
  checkShape(n, d, "uniformTorus");
  return tf.tensor2d(Float32Array.from(r.uniformArray(n * d)), [n, d]);
}

/**
 * n points on [0,1)^d whose every coordinate is a randomly shifted grid (k + s_i)/n, randomly
 * permuted across points (a Latin hypercube with one shift per coordinate). Each point is still
 * uniform, so averages are unbiased; the one-dimensional projections are shifted grids, which
 * integrate smooth periodic functions of one coordinate to spectral accuracy. We use it for Z:
 * in d = 1 it removes the Monte Carlo noise of ln Z almost entirely.
 */
export function latinTorus(r: Rng, n: number, d: number): tf.Tensor2D {
  checkShape(n, d, "latinTorus");
  const out = new Float32Array(n * d);
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
  return tf.tensor2d(out, [n, d]);
}
