import type * as tf from "@tensorflow/tfjs";
import type { Activation, JetOptions, ScalarJet } from "../jet/types";
import type { InputMap } from "../jet/input";

export type { Activation, JetOptions, ScalarJet } from "../jet/types";

export interface NetOptions {
  /** raw input width: d space coordinates, plus 1 when timeInput */
  readonly inDim: number;
  /** column 0 of the input is time t; jets then carry dt and the Laplacian is over space only */
  readonly timeInput?: boolean;
  /** space inputs enter through the exact periodic feature map (sin 2πy_i, cos 2πy_i) */
  readonly periodic?: boolean;
  /**
   * Affine map of the raw inputs before the features, y_c = inputScale[c]·x_c + inputShift[c] per
   * raw column (time first): e.g. a box onto [−1,1]^d. Jets stay derivatives w.r.t. the raw x.
   */
  readonly inputScale?: readonly number[];
  readonly inputShift?: readonly number[];
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
  /**
   * Value, space gradient, space Laplacian (and dt with a time input) in one forward pass;
   * options: `hessian: true` adds hess [n,d,d]; `inputGrad` makes the jet differentiable w.r.t. x
   * (default: automatic, see JetOptions).
   */
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
  /** the raw-input map before the first layer (time flag, periodic flag, affine scale/shift) */
  readonly inputMap: InputMap;
  /** hidden widths (mlp) or [width] repeated per gated layer (dgm) */
  readonly sizes: readonly number[];
  /** value only, built from the given ops (used by the nested-autodiff reference path) */
  forwardWith(x: tf.Tensor2D, ops: ForwardOps): tf.Tensor2D;
}
