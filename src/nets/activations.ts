import * as tf from "@tensorflow/tfjs";
import type { Activation } from "./types";

export const ACTIVATIONS: readonly Activation[] = ["tanh", "sigmoid", "softplus"];

/** σ(z), σ'(z), σ''(z) from as few elementwise ops as the activation allows. */
export interface ActivationDerivs {
  readonly s: tf.Tensor;
  readonly d1: tf.Tensor;
  readonly d2: tf.Tensor;
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
      return tf.tanh(z);
    case "sigmoid":
      return tf.sigmoid(z);
    case "softplus":
      return tf.softplus(z);
  }
}

/** σ, σ', σ'' at z; the derivatives reuse σ's value so the reverse pass stays first order. */
export function activationDerivs(act: Activation, z: tf.Tensor): ActivationDerivs {
  switch (act) {
    case "tanh": {
      const s = tf.tanh(z);
      const d1 = tf.sub(1, tf.square(s));
      return { s, d1, d2: tf.mul(tf.mul(s, d1), -2) };
    }
    case "sigmoid": {
      const s = tf.sigmoid(z);
      const d1 = tf.mul(s, tf.sub(1, s));
      return { s, d1, d2: tf.mul(d1, tf.sub(1, tf.mul(s, 2))) };
    }
    case "softplus": {
      const p = tf.sigmoid(z);
      return { s: tf.softplus(z), d1: p, d2: tf.mul(p, tf.sub(1, p)) };
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
