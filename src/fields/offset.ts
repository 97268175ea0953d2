import * as tf from "@tensorflow/tfjs";
import type { FieldJet } from "./input-map";

/**
 * The jet of a fixed function f(x) → [n,1] of the space coordinates (a terminal offset G, a hard
 * constraint's known part) by tfjs autodiff: ∇f by one tf.grad, the Hessian's rows by a second.
 * f has no trainable weights, so this jet is a constant of the loss: none of the nested-autodiff
 * weight-gradient defects can reach training. Callers check it against finite differences once
 * (mfg validates `terminal` this way).
 */
export function fixedJet(f: (x: tf.Tensor2D) => tf.Tensor, x: tf.Tensor2D, hessian = false): FieldJet {
  const d = x.shape[1];
  return tf.tidy(() => {
    const u = f(x) as tf.Tensor2D;
    const gradOf = (z: tf.Tensor2D): tf.Tensor2D => tf.grad((y: tf.Tensor) => tf.sum(f(y as tf.Tensor2D)))(z) as tf.Tensor2D;
    const grad = gradOf(x);
    const rows: tf.Tensor2D[] = [];
    for (let i = 0; i < d; i++) {
      rows.push(tf.grad((y: tf.Tensor) => tf.sum(tf.slice(gradOf(y as tf.Tensor2D), [0, i], [-1, 1])))(x) as tf.Tensor2D);
    }
    const lap = tf.addN(rows.map((r, i) => tf.slice(r, [0, i], [-1, 1]))) as tf.Tensor2D;
    const out: { u: tf.Tensor2D; grad: tf.Tensor2D; lap: tf.Tensor2D; hess?: tf.Tensor3D } = { u, grad, lap };
    if (hessian) out.hess = tf.stack(rows, 1) as tf.Tensor3D;
    return out as unknown as tf.TensorContainer;
  }) as unknown as FieldJet;
}

/** Zero time derivative for a time-independent offset used in a time × space problem. */
export function withZeroDt(j: FieldJet): FieldJet {
  return { ...j, dt: tf.zerosLike(j.u) };
}
