import * as tf from "@tensorflow/tfjs";
import { tanh } from "./fast-ops";
import type { Activation } from "./types";

export const ACTIVATIONS: readonly Activation[] = ["tanh", "sigmoid", "softplus"];

export function checkActivation(a: unknown): Activation {
  if (!(ACTIVATIONS as readonly unknown[]).includes(a)) {
    throw new Error(`activation: unknown activation ${String(a)}, expected one of ${ACTIVATIONS.join(", ")}`);
  }
  return a as Activation;
}

/** Value only (the apply path). */
export function activate(act: Activation, z: tf.Tensor): tf.Tensor {
  switch (act) {
    case "tanh":
      return tanh(z);
    case "sigmoid":
      return tf.sigmoid(z);
    case "softplus":
      return tf.softplus(z);
  }
}

/** Plain float64 versions for the tests' reference evaluation. */
export function activationF64(act: Activation): (z: number) => number {
  switch (act) {
    case "tanh":
      return Math.tanh;
    case "sigmoid":
      return (z) => 1 / (1 + Math.exp(-z));
    case "softplus":
      return (z) => (z > 30 ? z : Math.log1p(Math.exp(z)));
  }
}
