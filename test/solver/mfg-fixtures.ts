/**
 * Problems with independent exact or reference solutions for the mfg core's tests and bench
 * (not a test file itself).
 */
import * as tf from "@tensorflow/tfjs";
import { mfg } from "../../src";
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

/**
 * Crowd trading in the core's convention (problems.md §0: the core's u is −u_paper): H(p) = p²/(4κ),
 * ν = 0, v̄ = E_m[−∂ₚH(∂_q u)] as a mean-field term, F = φq² − γ v̄ q (the sign follows from
 * u_paper's HJB ∂ₜu − φq² + (∂_q u)²/(4κ) + γv̄q = 0 with u_paper = −u), G = Aq², m₀ = N(μ₀, s₀²).
 */
export function tradingSpec(p = TRADING2, ref?: TradingReference): mfg.FiniteHorizonSpec {
  const { kappa, phi, gamma, A, mu0, s0 } = p;
  const q = (x: tf.Tensor2D) => tf.slice(x, [0, x.shape[1] - 1], [-1, 1]) as tf.Tensor2D;
  const exact = ref === undefined ? undefined : {
    u: (x: tf.Tensor2D) => fromRows(x, (t, qq) => -ref.u(t, qq)),
    m: (x: tf.Tensor2D) => fromRows(x, (t, qq) => ref.density(t, qq)),
  };
  return {
    d: 1,
    nu: 0,
    horizon: p.T,
    domain: { box: [[p.qMin, p.qMax]] },
    hamiltonian: {
      H: (_x, pp) => tf.div(tf.square(pp), 4 * kappa) as tf.Tensor2D,
      dpH: (_x, pp) => tf.div(pp, 2 * kappa) as tf.Tensor2D,
    },
    meanField: { vbar: (_x, pp) => tf.div(pp, -2 * kappa) as tf.Tensor2D },
    coupling: (x, _m, _logm, mf) => tf.tidy(() => {
      const qq = q(x);
      return tf.sub(tf.mul(tf.square(qq), phi), tf.mul(tf.mul(mf.vbar as tf.Tensor2D, qq), gamma)) as tf.Tensor2D;
    }),
    terminal: (x) => tf.mul(tf.square(x), A) as tf.Tensor2D,
    initial: (x) => tf.tidy(() => tf.div(tf.exp(tf.mul(tf.square(tf.div(tf.sub(x, mu0), s0)), -0.5)), s0 * Math.sqrt(2 * Math.PI)) as tf.Tensor2D),
    ...(exact ? { exact } : {}),
  };
}

/** A column [n,1] of f(t, q) over rows (t, q), in float64 then rounded. */
function fromRows(x: tf.Tensor2D, f: (t: number, q: number) => number): tf.Tensor2D {
  const v = x.dataSync();
  const out = new Float32Array(x.shape[0]);
  for (let i = 0; i < out.length; i++) out[i] = f(v[2 * i] as number, v[2 * i + 1] as number);
  return tf.tensor2d(out, [out.length, 1]);
}

/** q̄_T = ∫ q m(T,q) dq and v̄₀ of a run, by the midpoint rule on 800 cells. */
export function tradingReadout(run: mfg.MfgRun, p = TRADING2): { qbarT: number; vbar0: number } {
  const n = 800;
  const h = (p.qMax - p.qMin) / n;
  const q = Array.from({ length: n }, (_, j) => p.qMin + (j + 0.5) * h);
  const x = tf.tensor2d(q.flatMap((v) => [p.T, v]), [n, 2]);
  const m = run.m(x);
  const mv = m.dataSync();
  tf.dispose([x, m]);
  let mass = 0, first = 0;
  q.forEach((v, j) => {
    mass += (mv[j] as number) * h;
    first += v * (mv[j] as number) * h;
  });
  return { qbarT: first / mass, vbar0: run.meanField("vbar", [0])[0] as number };
}
