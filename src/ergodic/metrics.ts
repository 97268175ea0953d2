import * as tf from "@tensorflow/tfjs";
import { relL2 } from "../metrics";

/** relL2 after removing each sample's mean: u is defined up to a constant, pinned only by ∫u = 0. */
export function relL2Centered(approx: ArrayLike<number>, exact: ArrayLike<number>): number {
  return relL2(center(approx), center(exact));
}

function center(a: ArrayLike<number>): Float64Array {
  let mean = 0;
  for (let i = 0; i < a.length; i++) mean += a[i] as number;
  mean /= a.length;
  return Float64Array.from({ length: a.length }, (_, i) => (a[i] as number) - mean);
}

/** Root mean square of a residual tensor, as a number (the tensor is not disposed). */
export function rms(r: tf.Tensor): number {
  const ms = tf.tidy(() => tf.mean(tf.square(r)));
  const v = ms.dataSync()[0] as number;
  ms.dispose();
  return Math.sqrt(v);
}
