import * as tf from "@tensorflow/tfjs";
import type { ScalarJet } from "./types";

type Grad = tf.Tensor | tf.Tensor[];
type CustomArg = Parameters<typeof tf.customGrad>[0];

/** tf.customGrad with the argument types spelled out (the library's typing takes Tensor | save). */
export function customGrad1(f: (x: tf.Tensor) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor) => Grad }): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad(f as unknown as CustomArg) as (x: tf.Tensor) => tf.Tensor;
}

export function customGrad2(
  f: (a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Grad },
): (a: tf.Tensor, b: tf.Tensor) => tf.Tensor {
  return tf.customGrad(f as unknown as CustomArg) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
}

/** tf.tidy for a function returning a jet (an object of tensors, which tidy keeps). */
export function tidyJet(f: () => ScalarJet): ScalarJet {
  return tf.tidy(() => f() as unknown as tf.TensorContainer) as unknown as ScalarJet;
}
