import * as tf from "@tensorflow/tfjs";

/*
 * tanh through the backend's sigmoid: on wasm, tanh of a 512×32 tensor measured 366 µs against
 * 19 µs for sigmoid (loaded 2-core machine), so tanh(z) = 2σ(2z) − 1 (absolute error ~1e-7 from
 * the final subtraction, the float32 rounding of an O(1) value). Its gradient is written by hand
 * (first order: the jet path never differentiates twice).
 */

type Grad = tf.Tensor | tf.Tensor[];
type CustomArg = Parameters<typeof tf.customGrad>[0];
const tanhFast = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
  const g = tf.sigmoid(tf.add(z, z));
  const y = tf.sub(tf.add(g, g), 1);
  save([y]);
  return { value: y, gradFunc: (dy: tf.Tensor, [ys]: tf.Tensor[]) => tf.mul(dy, tf.sub(1, tf.square(ys as tf.Tensor))) as Grad };
}) as unknown as CustomArg) as (z: tf.Tensor) => tf.Tensor;

/** tanh through the backend's fast sigmoid. */
export function tanh(z: tf.Tensor): tf.Tensor {
  return tanhFast(z);
}
