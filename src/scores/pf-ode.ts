import * as tf from "@tensorflow/tfjs";
import { positiveInt } from "../config/validate";
import { float64Algebra, rk4States } from "../integrate";
import type { IsoMixture } from "../domains";
import { noisedJet } from "../problems";
import type { ScorePotential } from "./potential";

/** ψ's jet at n points of one time, as plain numbers: ∇ψ (n·d, row-major), Δψ, ∂ₜψ (n each) */
export interface PsiNumbers {
  readonly grad: ArrayLike<number>;
  readonly lap: ArrayLike<number>;
  readonly dt: ArrayLike<number>;
}

/** a potential score as a field of (t, x): x is row-major n × d, float64 */
export type PsiField = (t: number, x: Float64Array, n: number) => PsiNumbers;

/** rows (t, x) as a float32 tensor [n, d+1] */
export function timeRows(t: number, x: ArrayLike<number>, n: number, d: number): tf.Tensor2D {
  const s = new Float32Array(n * (d + 1));
  for (let k = 0; k < n; k++) {
    s[k * (d + 1)] = t;
    for (let i = 0; i < d; i++) s[k * (d + 1) + 1 + i] = x[k * d + i] as number;
  }
  return tf.tensor2d(s, [n, d + 1]);
}

/** the learned ψ_θ as a field (its jet read back; nothing is differentiated through the ODE) */
export function potentialField(p: ScorePotential): PsiField {
  return (t, x, n) => tf.tidy(() => {
    const j = p.jet(timeRows(t, x, n, p.d));
    return { grad: j.grad.dataSync(), lap: j.lap.dataSync(), dt: (j.dt as tf.Tensor2D).dataSync() };
  });
}

/** ψ_θ(t, x) at n points (value only) */
export function potentialValues(p: ScorePotential, t: number, x: ArrayLike<number>, n: number): Float32Array {
  return tf.tidy(() => p.jet(timeRows(t, x, n, p.d)).u.dataSync() as Float32Array);
}

/** the exact ψ = log p_t of the OU-noised mixture (closed form, float64) */
export function exactField(pi: IsoMixture): PsiField {
  const d = pi.means[0]?.length ?? 0;
  return (t, x, n) => {
    const grad = new Float64Array(n * d), lap = new Float64Array(n), dt = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const j = noisedJet(pi, t, Array.from(x.subarray(k * d, (k + 1) * d)));
      grad.set(j.score, k * d);
      lap[k] = j.lap;
      dt[k] = j.dt;
    }
    return { grad, lap, dt };
  };
}

/**
 * The fixed-step grid of the PF-ODE: RK4 in u ∈ [0, 1] with t = t₀ + (T − t₀)u², which puts small
 * steps near t₀ where the noised density changes fastest (dy/du = f(t(u), y)·2(T − t₀)u).
 */
function warped<S extends Float64Array>(f: (t: number, y: S) => S, t0: number, T: number): (u: number, y: S) => S {
  return (u, y) => {
    const dtdu = 2 * (T - t0) * u;
    return f(t0 + (T - t0) * u * u, y).map((v) => v * dtdu) as S;
  };
}

export interface PfOdeOptions {
  readonly t0: number;
  readonly T: number;
  /** RK4 steps on the warped grid */
  readonly steps: number;
}

/** what the forward PF-ODE carries per point: x_T, ℓ = ∫(d + Δψ)dt and ∫R[ψ]dt along the path */
export interface PfOdeResult {
  readonly xT: Float64Array;
  readonly ell: Float64Array;
  readonly residualIntegral: Float64Array;
  /** log ρ^θ_{t₀}(x) = log N(x_T; 0, I) − ℓ (the model's own log-density by the exact divergence) */
  readonly logDensity: Float64Array;
}

/**
 * ẋ = −x − ∇ψ from t₀ to T for points x (row-major n × d) with ℓ̇ = d + Δψ (minus the exact divergence
 * of the flow: Δψ from the jet, no Hutchinson estimator) and ṙ = R[ψ], so that
 * log ρ_{t₀}(x) = log N(x_T) − ℓ_T and ψ(x, t₀) − log ρ_{t₀}(x) = −∫R dt (ψ(·, T) = log N exactly).
 */
export function pfOdeLogDensity(field: PsiField, x: ArrayLike<number>, n: number, d: number, o: PfOdeOptions): PfOdeResult {
  positiveInt("pfOdeLogDensity", "steps", o.steps);
  const w = n * d;
  const f = (t: number, y: Float64Array): Float64Array => {
    const xs = y.subarray(0, w);
    const j = field(t, xs, n);
    const out = new Float64Array(w + 2 * n);
    for (let k = 0; k < n; k++) {
      let xg = 0, g2 = 0;
      for (let i = 0; i < d; i++) {
        const xi = xs[k * d + i] as number, gi = j.grad[k * d + i] as number;
        out[k * d + i] = -xi - gi;
        xg += xi * gi;
        g2 += gi * gi;
      }
      const lap = j.lap[k] as number;
      out[w + k] = d + lap;
      out[w + n + k] = (j.dt[k] as number) - lap - xg - g2 - d;
    }
    return out;
  };
  const y0 = new Float64Array(w + 2 * n);
  for (let i = 0; i < w; i++) y0[i] = x[i] as number;
  const y = rk4States(float64Algebra, warped(f, o.t0, o.T), y0, { t0: 0, t1: 1, steps: o.steps }).at(-1) as Float64Array;
  const xT = y.slice(0, w), ell = y.slice(w, w + n), residualIntegral = y.slice(w + n);
  const logDensity = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let r2 = 0;
    for (let i = 0; i < d; i++) r2 += (xT[k * d + i] as number) ** 2;
    logDensity[k] = -0.5 * r2 - (d / 2) * Math.log(2 * Math.PI) - (ell[k] as number);
  }
  return { xT, ell, residualIntegral, logDensity };
}

/** samples: the PF-ODE backwards from x_T (row-major n × d, e.g. N(0, I) draws) to t₀ */
export function pfOdeSample(field: PsiField, xT: ArrayLike<number>, n: number, d: number, o: PfOdeOptions): Float64Array {
  positiveInt("pfOdeSample", "steps", o.steps);
  const f = (t: number, y: Float64Array): Float64Array => {
    const g = field(t, y, n).grad;
    return y.map((v, i) => -v - (g[i] as number));
  };
  return rk4States(float64Algebra, warped(f, o.t0, o.T), Float64Array.from(xT), { t0: 1, t1: 0, steps: o.steps }).at(-1) as Float64Array;
}
