import { noisedJet } from "../problems/mixture-score";
import type { IsoMixture } from "../domains";
import { ouSigma } from "./noising";

/**
 * The regression target of the DSM loss E|σ_t ∇ψ(t, x_t) + ε̂|², per row: three estimators of the
 * noise ε̂ = −σ_t ∇log p_t(x_t) that the loss pulls σ_t ∇ψ towards.
 * - "dsm": the sample's own noise ε (denoising score matching as written: unbiased, and at small t
 *   its variance is what the net has to average out);
 * - "stf": the stable target field (Xu et al., ICLR 2023): the posterior-weighted mean of the
 *   conditional noises over a reference set of data points {y_j} that contains the row's own x₀,
 *     ε̂ = Σ_j w_j (x_t − e^{−t} y_j)/σ_t,   w_j ∝ exp(−|x_t − e^{−t} y_j|² / (2σ_t²)),
 *   which converges to −σ_t ∇log p_t as the reference grows (bias O(1/m)), using data points only;
 * - "exact": −σ_t ∇log p_t from the closed form (an oracle, only for the ablation that measures
 *   what the target's noise costs; it needs the data law).
 */
export type ScoreTarget = "dsm" | "stf" | "exact";
export const SCORE_TARGETS: readonly ScoreTarget[] = ["dsm", "stf", "exact"];

/** one batch in row-major arrays: times t [n], x_t [n·d] */
export interface TargetRows {
  readonly t: Float32Array;
  readonly xt: Float32Array;
}

/**
 * STF's ε̂ [n·d] for the rows, against the reference points ref [m·d] (row-major). The weights are
 * a softmax over j in float64 (log-sum-exp shifted), so a far reference point cannot underflow all
 * of them: with the row's own x₀ in ref, the largest weight is at least the own point's. Weights
 * below e^{−36} of the largest are skipped (most of them at small t, where the posterior is narrow).
 */
export function stableTargetNoise(rows: TargetRows, ref: Float32Array, d: number): Float32Array {
  const n = rows.t.length, m = ref.length / d;
  if (!Number.isInteger(m) || m < 1) throw new Error(`stableTargetNoise: the reference has ${ref.length} numbers, not a positive multiple of d = ${d}`);
  if (rows.xt.length !== n * d) throw new Error(`stableTargetNoise: x_t has ${rows.xt.length} numbers, expected n·d = ${n * d}`);
  const out = new Float32Array(n * d);
  const logw = new Float64Array(m);
  const acc = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const t = rows.t[i] as number, e = Math.exp(-t), s = ouSigma(t), s2 = s * s;
    let top = -Infinity;
    for (let j = 0; j < m; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const u = (rows.xt[i * d + k] as number) - e * (ref[j * d + k] as number);
        r2 += u * u;
      }
      const lw = -r2 / (2 * s2);
      logw[j] = lw;
      if (lw > top) top = lw;
    }
    let z = 0;
    acc.fill(0);
    for (let j = 0; j < m; j++) {
      const lw = (logw[j] as number) - top;
      // below e^{−36} ≈ 2e-16 of the largest weight: no effect on a float32 result
      if (lw < -36) continue;
      const w = Math.exp(lw);
      z += w;
      for (let k = 0; k < d; k++) acc[k] = (acc[k] as number) + w * (ref[j * d + k] as number);
    }
    // Σ_j w_j (x_t − e·y_j)/σ = (x_t − e·ȳ)/σ with ȳ the posterior mean of x₀
    for (let k = 0; k < d; k++) out[i * d + k] = ((rows.xt[i * d + k] as number) - (e * (acc[k] as number)) / z) / s;
  }
  return out;
}

/** the oracle ε̂ = −σ_t ∇log p_t(x_t) [n·d] from the closed-form noised mixture */
export function exactTargetNoise(rows: TargetRows, data: IsoMixture, d: number): Float32Array {
  const n = rows.t.length, out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const t = rows.t[i] as number, s = ouSigma(t);
    const score = noisedJet(data, t, Array.from(rows.xt.subarray(i * d, (i + 1) * d))).score;
    for (let k = 0; k < d; k++) out[i * d + k] = -s * (score[k] as number);
  }
  return out;
}
