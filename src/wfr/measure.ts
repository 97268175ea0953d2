import type { Rng } from "../random";
import { uniformSphere } from "./sphere";

/** A weighted particle measure Σ_i w_i δ_{x_i} on S^{d-1}: n positions (row-major) and simplex weights. */
export interface ParticleMeasure {
  readonly d: number;
  readonly n: number;
  readonly pos: Float64Array;
  readonly w: Float64Array;
}

/** n particles uniform on the sphere with equal weights 1/n */
export function uniformMeasure(r: Rng, n: number, d: number): ParticleMeasure {
  return { d, n, pos: uniformSphere(r, n, d), w: new Float64Array(n).fill(1 / n) };
}

export function cloneMeasure(m: ParticleMeasure): ParticleMeasure {
  return { d: m.d, n: m.n, pos: Float64Array.from(m.pos), w: Float64Array.from(m.w) };
}

/** largest violation of the simplex constraints (negative entries, |Σw - 1|): 0 on the simplex */
export function simplexDefect(w: ArrayLike<number>): number {
  let sum = 0;
  let worst = 0;
  for (let i = 0; i < w.length; i++) {
    const wi = w[i] as number;
    if (!Number.isFinite(wi)) return Infinity;
    sum += wi;
    worst = Math.max(worst, -wi);
  }
  return Math.max(worst, Math.abs(sum - 1));
}

/**
 * w_i <- w_i exp(sign · rate · a_i), renormalised: the Fisher–Rao (multiplicative-weights) step.
 * The shift by the extreme score keeps exp from overflowing; it cancels in the normalisation.
 */
export function multiplicativeUpdate(w: Float64Array, scores: ArrayLike<number>, rate: number): void {
  let top = -Infinity;
  for (let i = 0; i < w.length; i++) top = Math.max(top, rate * (scores[i] as number));
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    const wi = (w[i] as number) * Math.exp(rate * (scores[i] as number) - top);
    w[i] = wi;
    sum += wi;
  }
  if (!(sum > 0) || !Number.isFinite(sum)) throw new Error(`multiplicativeUpdate: weights sum to ${sum} (rate ${rate})`);
  for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) / sum;
}

/**
 * The time average (1/T) Σ_t μ_t of several measures, as one measure on the union of their supports.
 * The polynomial games only need its moments (see `statsX`), which average the same way.
 */
export function averageMeasures(ms: readonly ParticleMeasure[]): ParticleMeasure {
  const first = ms[0];
  if (first === undefined) throw new Error("averageMeasures: no measures given");
  const d = first.d;
  const n = ms.reduce((s, m) => s + m.n, 0);
  const pos = new Float64Array(n * d);
  const w = new Float64Array(n);
  let at = 0;
  for (const m of ms) {
    if (m.d !== d) throw new Error(`averageMeasures: dimension ${m.d} differs from ${d}`);
    pos.set(m.pos, at * d);
    for (let i = 0; i < m.n; i++) w[at + i] = (m.w[i] as number) / ms.length;
    at += m.n;
  }
  return { d, n, pos, w };
}
