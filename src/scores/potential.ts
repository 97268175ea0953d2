import * as tf from "@tensorflow/tfjs";
import { finitePositive, positiveInt, positiveIntList } from "../config/validate";
import { jetMul, jetOffset, type ScalarJet } from "../jet";
import { mlp, type Activation, type LabNet } from "../nets";

/**
 * Problem 6B's potential score with the terminal condition imposed exactly:
 *   ψ_θ(t, x) = −|x|²/2 − (d/2) ln 2π + g(t) N_θ(t, x),   g(t) = 1 − e^{−(T−t)},
 * so ψ_θ(·, T) = log N(0, I) for every θ and the score is ∇ψ_θ. The jet of ψ (value, ∇, Δ, ∂ₜ) is
 * the net's jet times g's jet (product rule) plus the Gaussian's, all in the one jet algebra.
 * Rows are s = (t, x) [n, d+1], time first.
 */
export interface ScorePotential {
  readonly d: number;
  readonly T: number;
  readonly net: LabNet;
  readonly vars: readonly tf.Variable[];
  /** ψ's jet at the rows s = (t, x); differentiable w.r.t. s when inputGrad (see JetOptions) */
  jet(s: tf.Tensor2D, inputGrad?: boolean): ScalarJet;
  dispose(): void;
}

export interface ScorePotentialOptions {
  readonly d: number;
  /** the horizon T of the noising (where ψ = log N(0, I)) */
  readonly T: number;
  readonly hidden: readonly number[];
  readonly activation?: Activation;
  readonly seed: number;
  /** the data's spatial scale: x enters the net as x / xScale (default 2) */
  readonly xScale?: number;
  /**
   * time enters the net as τ = ln(t + timeFloor) (mapped onto [−1, 1] over [0, T]): the noised law
   * changes fastest near t = 0, which a linear time input squeezes into a sliver (default 1e-3)
   */
  readonly timeFloor?: number;
}

/** the jet of g(t) = 1 − e^{−(T−t)} as a function of (t, x): no x-dependence, ∂ₜg = −e^{−(T−t)} */
function horizonFactorJet(t: tf.Tensor2D, T: number, d: number): ScalarJet {
  const n = t.shape[0];
  const e = tf.exp(tf.sub(t, T));
  return { u: tf.sub(1, e) as tf.Tensor2D, grad: tf.zeros([n, d]), lap: tf.zeros([n, 1]), dt: tf.neg(e) as tf.Tensor2D };
}

/** log N(0, I)'s jet at x: −|x|²/2 − (d/2) ln 2π, ∇ = −x, Δ = −d, no t-dependence */
export function gaussianLogJet(x: tf.Tensor2D): ScalarJet {
  const [n, d] = x.shape;
  return {
    u: tf.sub(tf.mul(tf.sum(tf.square(x), 1, true), -0.5), (d / 2) * Math.log(2 * Math.PI)) as tf.Tensor2D,
    grad: tf.neg(x),
    lap: tf.fill([n, 1], -d) as tf.Tensor2D,
  };
}

export function scorePotential(o: ScorePotentialOptions): ScorePotential {
  const where = "scorePotential";
  const d = positiveInt(where, "d", o.d);
  const T = finitePositive(where, "T", o.T);
  positiveIntList(where, "hidden", o.hidden);
  const xs = finitePositive(where, "xScale", o.xScale ?? 2);
  const c = finitePositive(where, "timeFloor", o.timeFloor ?? 1e-3);
  // τ ∈ [ln c, ln(T + c)] onto [−1, 1], x onto x / xScale (the net's affine input map: its jet is w.r.t. (τ, x))
  const lo = Math.log(c), hi = Math.log(T + c);
  const net = mlp({
    inDim: d + 1, timeInput: true, hidden: o.hidden, activation: o.activation ?? "tanh", seed: o.seed,
    inputScale: [2 / (hi - lo), ...new Array<number>(d).fill(1 / xs)], inputShift: [-(hi + lo) / (hi - lo), ...new Array<number>(d).fill(0)],
  });
  const jet = (s: tf.Tensor2D, inputGrad?: boolean): ScalarJet => tf.tidy(() => {
    if (s.shape[1] !== d + 1) throw new Error(`${where}.jet: rows must be (t, x) with ${d + 1} columns, got ${s.shape[1]}`);
    const n = s.shape[0];
    const t = tf.slice(s, [0, 0], [n, 1]);
    const x = tf.slice(s, [0, 1], [n, d]);
    const tc = tf.add(t, c);
    const nTau = net.jet(tf.concat([tf.log(tc), x], 1) as tf.Tensor2D, inputGrad === undefined ? {} : { inputGrad });
    // the chain rule of the time map: only ∂ₜ changes, ∂ₜN = ∂_τN / (t + c); ∇, Δ are over x alone
    const nj: ScalarJet = { u: nTau.u, grad: nTau.grad, lap: nTau.lap, dt: tf.div(nTau.dt as tf.Tensor2D, tc) as tf.Tensor2D };
    return jetOffset(jetMul(nj, horizonFactorJet(t, T, d)), gaussianLogJet(x)) as unknown as tf.TensorContainerObject;
  }) as unknown as ScalarJet;
  return { d, T, net, vars: net.vars, jet, dispose: () => net.dispose() };
}

/** the trivial baseline ψ ≡ log N(0, I) for all t: the same potential with its output layer at zero */
export function terminalPotential(o: ScorePotentialOptions): ScorePotential {
  const p = scorePotential(o);
  const vars = p.net.vars;
  tf.tidy(() => vars.slice(-2).forEach((v) => v.assign(tf.zerosLike(v))));
  return p;
}
