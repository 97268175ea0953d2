import * as tf from "@tensorflow/tfjs";
import { rk4States, type StateAlgebra } from "../integrate";
import type { PotentialFlow } from "./potential";

/** tensors as RK4 states, the same order of operations as the float64 rk4 */
export const tensorAlgebra: StateAlgebra<tf.Tensor2D> = {
  axpy: (y, a, k) => tf.add(y, tf.mul(k, a)),
  rk4Update: (y, h, k1, k2, k3, k4) => tf.add(y, tf.mul(tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]), h / 6)),
};

/** columns of the augmented state [z (d), ℓ, L, R, r]: log-det, kinetic, |HJB residual|, signed residual */
export const STATE_EXTRA = 4;

/**
 * The augmented field along ż = −∇Φ: ℓ̇ = −ΔΦ, L̇ = ½|∇Φ|², Ṙ = |r|, ṙ-column = r with
 * r = −∂ₜΦ + ½|∇Φ|² (the HJB residual of the MFG; the signed one enters the DP identity).
 */
export function augmentedField(flow: PotentialFlow): (t: number, y: tf.Tensor2D) => tf.Tensor2D {
  const d = flow.d;
  return (t, y) => {
    const n = y.shape[0];
    const z = tf.slice(y, [0, 0], [n, d]);
    const j = flow.velocityJet(t, z, true);
    const half = tf.mul(tf.sum(tf.square(j.grad), 1, true), 0.5);
    const r = tf.add(tf.neg(j.dt as tf.Tensor2D), half);
    return tf.concat([tf.neg(j.grad), tf.neg(j.lap), half, tf.abs(r), r], 1) as tf.Tensor2D;
  };
}

/** RK4 with `steps` fixed steps on [0, T] from x [n,d]; every node [n, d+4] (caller owns them) */
export function flowStates(flow: PotentialFlow, x: tf.Tensor2D, T: number, steps: number): tf.Tensor2D[] {
  const y0 = tf.concat([x, tf.zeros([x.shape[0], STATE_EXTRA])], 1) as tf.Tensor2D;
  return rk4States(tensorAlgebra, augmentedField(flow), y0, { t0: 0, t1: T, steps });
}

export interface OtFlowWeights {
  /** α_C: the KL weight of the MFG (the loss is divided by it, OT-Flow's scaling) */
  readonly alphaC: number;
  /** α_L: the kinetic energy (0 = likelihood only, V0) */
  readonly alphaL: number;
  /** α_R: the HJB residual penalty */
  readonly alphaR: number;
}

export interface FlowTerms {
  readonly nll: tf.Scalar;
  readonly kinetic: tf.Scalar;
  readonly hjb: tf.Scalar;
  readonly total: tf.Scalar;
}

/** per-particle C = ½|z_T|² − ℓ_T + (d/2) ln 2π from a terminal state */
export function nllOf(yT: tf.Tensor2D, d: number): tf.Tensor2D {
  const n = yT.shape[0];
  const z = tf.slice(yT, [0, 0], [n, d]);
  const ell = tf.slice(yT, [0, d], [n, 1]);
  return tf.add(tf.sub(tf.mul(tf.sum(tf.square(z), 1, true), 0.5), ell), (d / 2) * Math.log(2 * Math.PI)) as tf.Tensor2D;
}

/** OT-Flow's loss E[C] + (α_L E[L] + α_R E[R]) / α_C, differentiable through the RK4 steps */
export function otFlowLoss(flow: PotentialFlow, x: tf.Tensor2D, T: number, steps: number, w: OtFlowWeights): FlowTerms {
  const d = flow.d;
  const yT = flowStates(flow, x, T, steps).at(-1) as tf.Tensor2D;
  const n = yT.shape[0];
  const nll = tf.mean(nllOf(yT, d)) as tf.Scalar;
  const kinetic = tf.mean(tf.slice(yT, [0, d + 1], [n, 1])) as tf.Scalar;
  const hjb = tf.mean(tf.slice(yT, [0, d + 2], [n, 1])) as tf.Scalar;
  const total = tf.add(nll, tf.div(tf.add(tf.mul(kinetic, w.alphaL), tf.mul(hjb, w.alphaR)), w.alphaC)) as tf.Scalar;
  return { nll, kinetic, hjb, total };
}
