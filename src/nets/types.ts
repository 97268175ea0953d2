import type * as tf from "@tensorflow/tfjs";

/**
 * The derivative jet of a scalar network u at n points, over the *space* inputs only.
 * Shapes: u [n,1], grad [n,d] (∂u/∂x_i, space coordinates only), lap [n,1] (Σ_i ∂²u/∂x_i²),
 * dt [n,1] (∂u/∂t) when the net was built with a time input (column 0 of x is t).
 * Every tensor is differentiable w.r.t. the net's variables by ONE ordinary reverse pass
 * (tf.variableGrads / optimizer.minimize): jets are propagated forward, no nested tf.grad.
 */
export interface ScalarJet {
  readonly u: tf.Tensor2D;
  readonly grad: tf.Tensor2D;
  readonly lap: tf.Tensor2D;
  readonly dt?: tf.Tensor2D;
}

export type Activation = "tanh" | "sigmoid" | "softplus";

export interface NetOptions {
  /** raw input width: d space coordinates, plus 1 when timeInput */
  readonly inDim: number;
  /** column 0 of the input is time t; jets then carry dt and the Laplacian is over space only */
  readonly timeInput?: boolean;
  /** space inputs enter through the exact periodic feature map (sin 2πx_i, cos 2πx_i) */
  readonly periodic?: boolean;
  readonly activation?: Activation;
  /** seeds the weight initialisation (Glorot/Xavier normal); same seed, same weights */
  readonly seed?: number;
}

/** A scalar network R^inDim -> R with an explicit variable list. */
export interface Net {
  readonly inDim: number;
  readonly vars: readonly tf.Variable[];
  /** value only, [n,1]; equals jet(x).u */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  /** value, space gradient, space Laplacian (and dt) in one forward pass */
  jet(x: tf.Tensor2D): ScalarJet;
  dispose(): void;
}
