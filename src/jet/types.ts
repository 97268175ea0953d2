import type * as tf from "@tensorflow/tfjs";

/**
 * The derivative jet of a scalar function u at n points, over the *space* inputs only.
 * Shapes: u [n,1], grad [n,d] (∂u/∂x_i, space coordinates only), lap [n,1] (Σ_i ∂²u/∂x_i²),
 * dt [n,1] (∂u/∂t) when time is an input (column 0 of x is t),
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
  /** also the full space Hessian `hess` [n,d,d]; costs O(d²) memory and time per layer */
  readonly hessian?: boolean;
  /**
   * Whether the jet is differentiable w.r.t. x (the reverse pass reaches x and whatever x was
   * computed from, e.g. x_{k+1} = x_k − h∇Φ(x_k)). Default: automatic — on when x is a trainable
   * variable or the output of an op on the active gradient tape, off (the faster constant-input
   * path, gradients w.r.t. the weights only) otherwise. `false` with such an x throws. Pass `true`
   * when x is itself the source of an enclosing tf.grad(f)(x): that cannot be detected (if nothing
   * else in f reads x, tfjs throws "Cannot compute gradient"; if something does, the jet's share
   * of ∂f/∂x would be missing). Both paths give bit-identical values and weight gradients; the
   * differentiable one costs ~5-15% more CPU per training step (bench: jet-inputgrad).
   */
  readonly inputGrad?: boolean;
}

export type Activation = "tanh" | "sigmoid" | "softplus";
