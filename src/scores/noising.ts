import * as tf from "@tensorflow/tfjs";
import { finitePositive } from "../config/validate";
import type { Rng } from "../random";

/** σ_t = √(1 − e^{−2t}), the OU noise level of dX = −X dt + √2 dW started at a point */
export function ouSigma(t: number): number {
  return Math.sqrt(-Math.expm1(-2 * t));
}

/** one DSM batch: rows s = (t, x_t) [n, d+1], the noise ε [n,d] and σ_t [n,1] */
export interface NoisedBatch {
  readonly s: tf.Tensor2D;
  readonly eps: tf.Tensor2D;
  readonly sigma: tf.Tensor2D;
}

/**
 * x_t = e^{−t} x₀ + σ_t ε for data rows x₀ [n,d] and ε ~ N(0, I), with t = t₀ + (T − t₀)u^timePower,
 * u stratified on [0, 1] (one per n-th, in random order): timePower 1 is uniform t, larger puts more
 * rows near t₀, where the score is steepest. All drawn from r.
 */
export function noiseBatch(x0: tf.Tensor2D, r: Rng, t0: number, T: number, timePower = 1): NoisedBatch {
  const [n, d] = x0.shape;
  if (!(t0 >= 0 && T > t0)) throw new Error(`noiseBatch: need 0 ≤ t0 < T, got t0 = ${t0}, T = ${T}`);
  finitePositive("noiseBatch", "timePower", timePower);
  const t = new Float32Array(n), decay = new Float32Array(n), sig = new Float32Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  for (let i = 0; i < n; i++) {
    const ti = t0 + (T - t0) * (((order[i] as number) + r.uniform()) / n) ** timePower;
    t[i] = ti;
    decay[i] = Math.exp(-ti);
    sig[i] = ouSigma(ti);
  }
  const eps = Float32Array.from(r.normalArray(n * d));
  return tf.tidy(() => {
    const e = tf.tensor2d(eps, [n, d]);
    const sigma = tf.tensor2d(sig, [n, 1]);
    const xt = tf.add(tf.mul(x0, tf.tensor2d(decay, [n, 1])), tf.mul(e, sigma));
    return { s: tf.concat([tf.tensor2d(t, [n, 1]), xt], 1) as tf.Tensor2D, eps: e, sigma };
  }) as unknown as NoisedBatch;
}

export function disposeBatch(b: NoisedBatch): void {
  tf.dispose([b.s, b.eps, b.sigma]);
}
