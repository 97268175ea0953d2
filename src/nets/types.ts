import type * as tf from "@tensorflow/tfjs";

/**
 * The derivative jet of a scalar network u at n points, over the *space* inputs only.
 * Shapes: u [n,1], grad [n,d] (∂u/∂x_i, space coordinates only), lap [n,1] (Σ_i ∂²u/∂x_i²),
 * dt [n,1] (∂u/∂t) when the net was built with a time input (column 0 of x is t),
 * hess [n,d,d] (∂²u/∂x_i∂x_j, space coordinates only; lap is its trace) when asked for.
 * Every tensor is differentiable w.r.t. the net's variables by ONE ordinary reverse pass
 * (tf.variableGrads / optimizer.minimize): jets are propagated forward, no nested tf.grad.
 */
export interface ScalarJet {
  readonly u: tf.Tensor2D;
  readonly grad: tf.Tensor2D;
  readonly lap: tf.Tensor2D;
  readonly dt?: tf.Tensor2D;
  readonly hess?: tf.Tensor3D;
}

/** What net.jet(x, options) computes besides u, grad, lap (and dt with a time input). */
export interface JetOptions {
  /** also the full space Hessian `hess` [n,d,d]; costs O(d²) more than the Laplacian */
  readonly hessian?: boolean;
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
  /** value, space gradient, space Laplacian (and dt, and the Hessian if asked) in one forward pass */
  jet(x: tf.Tensor2D, options?: JetOptions): ScalarJet;
  dispose(): void;
}

/** mlp(): fully connected layers of the given widths, then a linear scalar output. */
export interface MlpOptions extends NetOptions {
  readonly hidden: readonly number[];
}

/** dgm(): the Deep Galerkin network of Sirignano–Spiliopoulos, `layers` gated layers of `width`. */
export interface DgmOptions extends NetOptions {
  readonly width: number;
  readonly layers: number;
}

/** The elementwise activation and matrix product a forward pass is built from (swappable for checks). */
export interface ForwardOps {
  readonly act: (z: tf.Tensor) => tf.Tensor;
  readonly matMul: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
  /** elementwise product of equal shapes (DGM gates) */
  readonly mul: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  readonly sin: (x: tf.Tensor) => tf.Tensor;
  readonly cos: (x: tf.Tensor) => tf.Tensor;
}

/** What mlp() and dgm() return: a Net plus what the reference paths need to re-evaluate it. */
export interface LabNet extends Net {
  readonly kind: "mlp" | "dgm";
  readonly d: number;
  readonly timeInput: boolean;
  readonly periodic: boolean;
  readonly activation: Activation;
  /** hidden widths (mlp) or [width] repeated per gated layer (dgm) */
  readonly sizes: readonly number[];
  /** value only, built from the given ops (used by the nested-autodiff reference path) */
  forwardWith(x: tf.Tensor2D, ops: ForwardOps): tf.Tensor2D;
}
