/**
 * Problems with independent exact or reference solutions for the mfg core's tests and bench
 * (not a test file itself).
 */
import * as tf from "@tensorflow/tfjs";
import { mfg, trading } from "../../src";
import { solveTradingReference, tradingParams, type TradingReference } from "../../src/trading";

const TWO_PI = 2 * Math.PI;

/**
 * T², H = |p|² (κ = 2 in H = (κ/2)|p|²), ν = 0.4, log coupling F = f̃ + ln m with the exact solution
 * of problems.md §0: u = w, m = e^{−κw/ν}/Z, λ = −ln Z, f̃ = −νΔw + |∇w|² + (κ/ν)w, for
 * w = a sin 2πx₁ + b cos 2πx₂ + c sin 2π(x₁ + x₂) (∫w = 0; the cross term makes Z a genuinely 2-D integral).
 */
export const T2 = { nu: 0.4, kappa: 2, a: 0.2, b: 0.15, c: 0.1 } as const;

function wParts(x: tf.Tensor2D) {
  const [x1, x2] = tf.split(x, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
  const s1 = tf.sin(tf.mul(x1, TWO_PI)), c1 = tf.cos(tf.mul(x1, TWO_PI));
  const s2 = tf.sin(tf.mul(x2, TWO_PI)), c2 = tf.cos(tf.mul(x2, TWO_PI));
  const s12 = tf.sin(tf.mul(tf.add(x1, x2), TWO_PI)), c12 = tf.cos(tf.mul(tf.add(x1, x2), TWO_PI));
  const { a, b, c } = T2;
  const w = tf.addN([tf.mul(s1, a), tf.mul(c2, b), tf.mul(s12, c)]);
  const g1 = tf.mul(tf.add(tf.mul(c1, a), tf.mul(c12, c)), TWO_PI);
  const g2 = tf.mul(tf.add(tf.mul(s2, -b), tf.mul(c12, c)), TWO_PI);
  const lap = tf.mul(tf.addN([tf.mul(s1, a), tf.mul(c2, b), tf.mul(s12, 2 * c)]), -TWO_PI * TWO_PI);
  return { w, g1, g2, lap };
}

/** w at one point in float64 (for the independent quadrature of Z). */
export function w64(x1: number, x2: number): number {
  return T2.a * Math.sin(TWO_PI * x1) + T2.b * Math.cos(TWO_PI * x2) + T2.c * Math.sin(TWO_PI * (x1 + x2));
}

/** Z = ∫_{T²} e^{−κw/ν} by the periodic trapezoid rule on n² nodes in float64 (spectrally accurate). */
export function t2Z(n = 256): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += Math.exp((-T2.kappa / T2.nu) * w64(i / n, j / n));
  return s / (n * n);
}

export function t2Spec(): mfg.ErgodicSpec {
  const { nu, kappa } = T2;
  const logZ = Math.log(t2Z());
  return {
    d: 2,
    nu,
    domain: { torus: true },
    hamiltonian: {
      H: (_x, p) => tf.sum(tf.square(p), 1, true),
      dpH: (_x, p) => tf.mul(p, 2),
    },
    coupling: (x, _m, logm) => tf.tidy(() => {
      const { w, g1, g2, lap } = wParts(x);
      const grad2 = tf.add(tf.square(g1), tf.square(g2));
      return tf.addN([tf.mul(lap, -nu), grad2, tf.mul(w, kappa / nu), logm]) as tf.Tensor2D;
    }),
    exact: {
      u: (x) => tf.tidy(() => wParts(x).w as tf.Tensor2D),
      m: (x) => tf.tidy(() => tf.exp(tf.sub(tf.mul(wParts(x).w, -kappa / nu), logZ)) as tf.Tensor2D),
      lambda: -logZ,
    },
  };
}

/** Crowd trading at problems.md §3's second check-value set: T = κ = φ = γ = A = 1, μ₀ = 4, s₀ = 0.3, q ∈ [0, 8]. */
export const TRADING2 = tradingParams({ T: 1, kappa: 1, phi: 1, gamma: 1, A: 1, mu0: 4, s0: 0.3, qMin: 0, qMax: 8 });

export function tradingReference2(): TradingReference {
  return solveTradingReference(TRADING2);
}

/** Crowd trading as data (src/trading/spec.ts), by default at the second check-value set. */
export function tradingSpec(p = TRADING2, ref?: TradingReference): mfg.FiniteHorizonSpec {
  return trading.tradingSpec(p, ref);
}

/** q̄_T (the mean of run.m, midpoint rule on 800 cells) and v̄₀ (the run's mean-field term), by src/trading's comparison. */
export function tradingReadout(run: mfg.MfgRun, ref: TradingReference): { qbarT: number; vbar0: number } {
  const c = trading.compareTradingRun(ref, run, { nT: 3, nQ: 800 });
  return { qbarT: c.qbar[2] as number, vbar0: c.vbar[0] as number };
}
