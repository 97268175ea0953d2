import * as tf from "@tensorflow/tfjs";
import { customGrad1, customGrad2, transpose2d } from "./tfjs-internals";

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

/**
 * x W for a constant x (the input features' jet), differentiated only w.r.t. W: dW = xᵀ dZ with xᵀ
 * transposed once by the caller and shared by every weight that multiplies the same x (the DGM
 * gates). Skips the reverse pass's dx product; the gradient to x is DROPPED, so only the input
 * jet's constant path (input.ts, inputGrad off) may call it.
 */
export function constMatMul(x: tf.Tensor2D, xT: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const f = customGrad1((wIn, save) => {
    // the forward's tidy frees xT before the reverse pass: keep a copy with the tape
    save([xT]);
    return {
      value: tf.matMul(x, wIn as tf.Tensor2D),
      gradFunc: (dy, saved) => tf.matMul(saved[0] as tf.Tensor2D, dy as tf.Tensor2D),
    };
  });
  return f(w) as tf.Tensor2D;
}
