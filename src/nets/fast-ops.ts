import * as tf from "@tensorflow/tfjs";

/*
 * Elementwise pieces of the jet with hand-written first-order gradients, each chosen for a trap
 * measured on the wasm backend (median µs on a loaded 2-core machine, [10·512·32] floats):
 * - tanh is ~20x slower than sigmoid (366 vs 19 µs for 512×32), so tanh(z) = 2σ(2z) − 1
 *   (absolute error ~1e-7 from the final subtraction, the float32 rounding of an O(1) value);
 * - the stock gradient of a sum materialises ones(x.shape) and multiplies; broadcasting dy is
 *   one multiply. (ones[1,d] @ x[d, n·k] looks faster in isolation, but XNNPACK then packs the
 *   fresh x as "weights" on every call: 0.4 ms against 0.16 ms for tf.sum in a real step.)
 * The reverse pass never differentiates these again (no nested gradients in the jet path).
 */

type Grad = tf.Tensor | tf.Tensor[];
type CustomArg = Parameters<typeof tf.customGrad>[0];
const custom = <A extends tf.Tensor[]>(
  f: (...args: [...A, tf.GradSaveFunc]) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Grad },
): ((...args: A) => tf.Tensor) => tf.customGrad(f as unknown as CustomArg) as unknown as (...args: A) => tf.Tensor;

const tanhFast = custom<[tf.Tensor]>((z, save) => {
  const g = tf.sigmoid(tf.add(z, z));
  const y = tf.sub(tf.add(g, g), 1);
  save([y]);
  return { value: y, gradFunc: (dy, [ys]) => tf.mul(dy, tf.sub(1, tf.square(ys as tf.Tensor))) };
});

/** tanh through the backend's fast sigmoid. */
export function tanh(z: tf.Tensor): tf.Tensor {
  return tanhFast(z);
}

function sumLeading(x: tf.Tensor3D): tf.Tensor2D {
  return tf.sum(x, 0);
}

const sum0 = custom<[tf.Tensor]>((x) => {
  const [d] = x.shape as [number, number, number];
  return {
    value: sumLeading(x as tf.Tensor3D),
    gradFunc: (dy) => tf.mul(tf.ones([d, 1, 1]), dy),
  };
});

/** Σ_i x[i] over the leading axis: [d, n, k] -> [n, k]. */
export function sumAxis0(x: tf.Tensor3D): tf.Tensor2D {
  return sum0(x) as tf.Tensor2D;
}

const mulB0 = custom<[tf.Tensor, tf.Tensor]>((a, b, save) => {
  save([a, b]);
  return {
    value: tf.mul(a, b),
    gradFunc: (dy, [sa, sb]) => [tf.mul(dy, sb as tf.Tensor), sumLeading(tf.mul(dy, sa as tf.Tensor) as tf.Tensor3D)],
  };
});

/** a ∘ b with b [n, k] broadcast over a's leading axis: a [d, n, k]. */
export function mulRows(a: tf.Tensor3D, b: tf.Tensor2D): tf.Tensor3D {
  return mulB0(a, b) as tf.Tensor3D;
}
