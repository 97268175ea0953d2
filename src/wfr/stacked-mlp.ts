import * as tf from "@tensorflow/tfjs";
import { all, positiveInt } from "../config";
// the one Glorot initialiser of src/nets (not re-exported by its index)
import { glorot, namePrefix } from "../nets/init";
import type { Rng } from "../random";

/**
 * K independent leaky-ReLU networks R^in -> R^h1 -> … -> R^out held in stacked variables
 * ([K, fanIn, fanOut] weights, [K, 1, fanOut] biases, layer by layer) so that all K run as one batched
 * matMul per layer. No hidden layer (hidden = []) is an affine map.
 * Adam is coordinate-wise, so one Adam over the stack is exactly K separate Adams: each network's
 * parameters are one particle position.
 */
export interface StackedMlp {
  readonly count: number;
  readonly inDim: number;
  /** hidden widths, input to output */
  readonly hidden: readonly number[];
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

/** `hidden`: one width (one hidden layer) or the list of widths ([] for an affine map) */
export function stackedMlp(r: Rng, count: number, inDim: number, hidden: number | readonly number[], outDim: number, name: string): StackedMlp {
  const widths = typeof hidden === "number" ? [hidden] : [...hidden];
  all(`stackedMlp(${name})`, { count, inDim, outDim, ...Object.fromEntries(widths.map((h, i) => [`hidden[${i}]`, h])) }, positiveInt);
  // tfjs variable names are global: the prefix keeps equal seeds and names in one process apart
  const p = namePrefix(`stacked_${name}_`);
  const sizes = [inDim, ...widths, outDim];
  // drawn layer by layer (weights, then biases): for one hidden layer the stream of W1, b1, W2, b2
  const layers = sizes.slice(1).map((fanOut, l) => ({
    W: stackedGlorot(r, count, sizes[l] as number, fanOut, `${p}W${l + 1}`), b: zeroStack(count, fanOut, `${p}b${l + 1}`),
  }));
  const vars = layers.flatMap(({ W, b }) => [W, b]);
  return {
    count, inDim, hidden: widths, outDim, vars,
    apply: (x) => tf.tidy(() => layers.reduce<tf.Tensor3D>((h, { W, b }, l) => {
      const a = tf.add(tf.matMul(h, W as tf.Tensor3D), b) as tf.Tensor3D;
      return l < layers.length - 1 ? tf.leakyRelu(a, 0.2) : a;
    }, x)),
    dispose: () => vars.forEach((v) => v.dispose()),
  };
}
