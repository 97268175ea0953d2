import * as tf from "@tensorflow/tfjs";
import type { FiniteHorizonSpec } from "../mfg/types";
import { validateTradingParams, type TradingParams } from "./problem";
import type { TradingReference } from "./reference";

/**
 * Crowd trading posed as data for mfg.finiteHorizon, in the core's convention (problems.md §0:
 * cost minimisation, the core's u is −u_paper): H(p) = p²/(4κ), ν = 0, the crowd's mean rate
 * v̄ = E_m[−∂ₚH(∂_q u)] a mean-field term, F = φq² − γv̄q, G = Aq², m₀ = N(μ₀, s₀²) on [qMin, qMax].
 * The sign of γv̄q follows from u_paper's HJB ∂ₜu − φq² + (∂_q u)²/(4κ) + γv̄q = 0 with u_paper = −u
 * (problems.md §0 writes +γv̄q: a typo there). With `ref`, the spec carries the reference as `exact`.
 */
export function tradingSpec(p: TradingParams, ref?: TradingReference): FiniteHorizonSpec {
  validateTradingParams(p);
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
