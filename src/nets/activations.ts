import * as tf from "@tensorflow/tfjs";
import { ELEMENTWISE, tanh } from "../jet/functions";
import type { Activation } from "./types";

export const ACTIVATIONS: readonly Activation[] = ["tanh", "sigmoid", "softplus"];

export function checkActivation(a: unknown): Activation {
  if (!(ACTIVATIONS as readonly unknown[]).includes(a)) {
    throw new Error(`activation: unknown activation ${String(a)}, expected one of ${ACTIVATIONS.join(", ")}`);
  }
  return a as Activation;
}

/** Value only (the apply path; softplus without the sigmoid its jet needs). */
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
  return ELEMENTWISE[act].f64;
}
