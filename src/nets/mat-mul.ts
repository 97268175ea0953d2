import * as tf from "@tensorflow/tfjs";
import { customGrad2 } from "./custom-grad";
import { transpose2d } from "./transpose";

/**
 * Plain A@B with a hand-written gradient. The wasm backend has a fast kernel only for untransposed
 * operands; the stock gradient of matMul runs A@Bᵀ and Aᵀ@B through the slow path (~6x, DESIGN.md),
 * so the gradient transposes explicitly and then multiplies plainly. First order only: the jets
 * never differentiate this twice.
 */
const fastMatMul = customGrad2((a, b, save) => {
  // the reverse pass runs after tf.tidy freed the forward's intermediates: keep (copies of) a, b
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy as tf.Tensor2D, transpose2d(sb)), tf.matMul(transpose2d(sa), dy as tf.Tensor2D)];
    },
  };
});

export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return fastMatMul(a, b) as tf.Tensor2D;
}
