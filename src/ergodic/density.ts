import * as tf from "@tensorflow/tfjs";
import type { ScalarJet } from "../nets/types";

/** A density m with its space jet and its logarithm (all [n,1] but grad [n,d]). */
export interface DensityJet {
  readonly m: tf.Tensor2D;
  readonly grad: tf.Tensor2D;
  readonly lap: tf.Tensor2D;
  readonly logM: tf.Tensor2D;
}

/**
 * The jet of the maximum-entropy density m = e^N / Z from the jet of N and ln Z:
 * ln m = N − ln Z, ∇m = m∇N, Δm = m(ΔN + |∇N|²). Working with ln Z keeps e^N from overflowing
 * when N drifts by a constant (m does not see constants of N).
 */
export function maxEntropyJet(n: ScalarJet, logZ: tf.Scalar): DensityJet {
  const [m, grad, lap, logM] = tf.tidy(() => {
    const logM = tf.sub(n.u, logZ) as tf.Tensor2D;
    const m = tf.exp(logM);
    const gradSq = tf.sum(tf.square(n.grad), 1, true);
    return [m, tf.mul(m, n.grad), tf.mul(m, tf.add(n.lap, gradSq)), logM] as tf.Tensor2D[];
  }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  return { m, grad, lap, logM };
}

/**
 * ln Z = ln ∫_{T^d} e^{N} by Monte Carlo: ln mean_j e^{N(y_j)} (the torus has volume 1),
 * computed as a log-sum-exp so that large N does not overflow. nAtSamples is N(y), [n,1].
 */
export function logPartition(nAtSamples: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const n = nAtSamples.shape[0];
    if (n < 1) throw new Error("logPartition: need at least one Monte Carlo sample");
    return tf.sub(tf.logSumExp(nAtSamples), Math.log(n)) as tf.Scalar;
  });
}
