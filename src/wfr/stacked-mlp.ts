import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random";

/**
 * K independent one-hidden-layer networks R^in -> R^h -> R^out held in stacked variables
 * ([K, in, h], [K, 1, h], [K, h, out], [K, 1, out]) so that all K run as one batched matMul.
 * Adam is coordinate-wise, so one Adam over the stack is exactly K separate Adams: each network's
 * parameters are one particle position.
 */
export interface StackedMlp {
  readonly count: number;
  readonly inDim: number;
  readonly hidden: number;
  readonly outDim: number;
  readonly vars: readonly tf.Variable[];
  /** x [K, n, in] (network k sees x[k]) -> [K, n, out] */
  apply(x: tf.Tensor3D): tf.Tensor3D;
  dispose(): void;
}

function glorot(r: Rng, count: number, fanIn: number, fanOut: number): tf.Tensor3D {
  const std = Math.sqrt(2 / (fanIn + fanOut));
  return tf.tensor3d(Float32Array.from(r.normalArray(count * fanIn * fanOut, 0, std)), [count, fanIn, fanOut]);
}

export function stackedMlp(r: Rng, count: number, inDim: number, hidden: number, outDim: number, name: string): StackedMlp {
  for (const [k, v] of Object.entries({ count, inDim, hidden, outDim })) {
    if (!Number.isInteger(v) || v <= 0) throw new Error(`stackedMlp(${name}): ${k} must be a positive integer, got ${v}`);
  }
  const init = [glorot(r, count, inDim, hidden), tf.zeros([count, 1, hidden]), glorot(r, count, hidden, outDim), tf.zeros([count, 1, outDim])];
  // unnamed: tfjs names variables uniquely itself, so equal seeds in one process do not collide
  const vars = init.map((t) => tf.variable(t, true));
  init.forEach((t) => t.dispose());
  const [W1, b1, W2, b2] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  return {
    count, inDim, hidden, outDim, vars,
    apply: (x) => tf.tidy(() => {
      const h = tf.leakyRelu(tf.add(tf.matMul(x, W1 as tf.Tensor3D), b1), 0.2);
      return tf.add(tf.matMul(h, W2 as tf.Tensor3D), b2) as tf.Tensor3D;
    }),
    dispose: () => vars.forEach((v) => v.dispose()),
  };
}
