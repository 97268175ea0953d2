import * as tf from "@tensorflow/tfjs";
import type { ScalarJet } from "../nets/types";
import type { DensityJet } from "./density";

/**
 * HJB residual ½Δu + ½|∇u|² − λ − f̃ − ln m, [n,1]. ν = 1/2 is the problem's viscosity.
 * `f` is f̃ at the same points; λ a scalar (a trainable variable or a number).
 */
export function hjbResidual(
  u: ScalarJet,
  logM: tf.Tensor2D,
  lambda: tf.Scalar | number,
  f: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const gradSq = tf.sum(tf.square(u.grad), 1, true);
    const h = tf.mul(tf.add(u.lap, gradSq), 0.5);
    return tf.sub(tf.sub(tf.sub(h, lambda), f), logM) as tf.Tensor2D;
  });
}

/** FP residual −½Δm + div(m∇u) = −½Δm + ∇m·∇u + mΔu, [n,1]. */
export function fpResidual(u: ScalarJet, m: DensityJet): tf.Tensor2D {
  return tf.tidy(() => {
    const transport = tf.sum(tf.mul(m.grad, u.grad), 1, true);
    return tf.add(tf.add(tf.mul(m.lap, -0.5), transport), tf.mul(m.m, u.lap)) as tf.Tensor2D;
  });
}

/**
 * The FP residual divided by m: −½(ΔN + |∇N|²) + ∇N·∇u + Δu for m = e^N/Z. Same zero set as
 * fpResidual (m > 0) but free of the scale of m and of the Monte Carlo noise of Z, which keeps
 * the density player's loss well conditioned when m spans orders of magnitude.
 */
export function fpResidualOverM(u: ScalarJet, m: DensityJet): tf.Tensor2D {
  return tf.tidy(() => tf.div(fpResidual(u, m), m.m) as tf.Tensor2D);
}
