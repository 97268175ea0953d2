import * as tf from "@tensorflow/tfjs";
import { all, positiveInt } from "../config";
// the one Glorot initialiser of src/nets (not re-exported by its index)
import { glorot, namePrefix } from "../nets/init";
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

/**
 * K Glorot matrices from src/nets' initialiser, stacked [K, fanIn, fanOut]: drawn one after another from
 * r, so network k gets the k-th block of the stream (the layout of one [K·fanIn·fanOut] draw).
 */
function stackedGlorot(r: Rng, count: number, fanIn: number, fanOut: number, name: string): tf.Variable {
  const blocks = Array.from({ length: count }, (_, k) => glorot(r, fanIn, fanOut, `${name}_${k}`));
  const stacked = tf.tidy(() => tf.variable(tf.stack(blocks), true, name));
  blocks.forEach((b) => b.dispose());
  return stacked;
}

function zeroStack(count: number, size: number, name: string): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros([count, 1, size]), true, name));
}

export function stackedMlp(r: Rng, count: number, inDim: number, hidden: number, outDim: number, name: string): StackedMlp {
  all(`stackedMlp(${name})`, { count, inDim, hidden, outDim }, positiveInt);
  // tfjs variable names are global: the prefix keeps equal seeds and names in one process apart
  const p = namePrefix(`stacked_${name}_`);
  const vars = [stackedGlorot(r, count, inDim, hidden, `${p}W1`), zeroStack(count, hidden, `${p}b1`),
    stackedGlorot(r, count, hidden, outDim, `${p}W2`), zeroStack(count, outDim, `${p}b2`)];
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
