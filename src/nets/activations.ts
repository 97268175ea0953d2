import * as tf from "@tensorflow/tfjs";
import { tanh } from "./fast-ops";
import type { Activation } from "./types";

export const ACTIVATIONS: readonly Activation[] = ["tanh", "sigmoid", "softplus"];

/**
 * σ(z), σ'(z) and c = σ''/σ' (so the Laplacian rule reads Δv = σ' (Δz + c Σ(∂z)²)), each built
 * from as few kernels as the activation allows; add/neg instead of scalar multiplies because
 * they save nothing for the reverse pass (every saved input is a copy on wasm).
 */
export interface ActivationDerivs {
  readonly s: tf.Tensor;
  readonly d1: tf.Tensor;
  readonly c: tf.Tensor;
}

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

export function activationDerivs(act: Activation, z: tf.Tensor): ActivationDerivs {
  switch (act) {
    case "tanh": {
      // σ' = 1 − s², σ'' = −2 s σ'
      const s = tanh(z);
      return { s, d1: tf.sub(1, tf.square(s)), c: tf.neg(tf.add(s, s)) };
    }
    case "sigmoid": {
      // σ' = s (1 − s), σ'' = σ' (1 − 2s)
      const s = tf.sigmoid(z);
      const oneMinus = tf.sub(1, s);
      return { s, d1: tf.mul(s, oneMinus), c: tf.sub(oneMinus, s) };
    }
    case "softplus": {
      // σ' = p = sigmoid(z), σ'' = p (1 − p)
      const p = tf.sigmoid(z);
      return { s: tf.softplus(z), d1: p, c: tf.sub(1, p) };
    }
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
