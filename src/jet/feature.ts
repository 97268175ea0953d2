import * as tf from "@tensorflow/tfjs";
import { FEATURES, linearRule, sumRule } from "./rules";
import { matMul } from "./linear";
import type { ScalarJet } from "./types";

/**
 * The jet of a layer's k features at n points (the FEATURES layout of rules.ts): values v [n,k],
 * space derivatives s [d,n,k] (all d directions in one tensor, so a linear layer is one matMul
 * [d·n,k]@[k,k']), the time derivative t [n,k] when t is an input, the space Laplacian l [n,k],
 * and the space Hessian h [d,d,n,k] when asked for (null: asked for and zero). The parts are
 * separate tensors, not one stacked matrix: on the wasm backend every slice/split reads its whole
 * source (measured 0.3-0.5 ms per split of a [12·512, 32] stack), which costs more than three extra
 * small matMuls.
 */
export interface FeatureJet {
  readonly v: tf.Tensor2D;
  readonly s: tf.Tensor3D;
  readonly t?: tf.Tensor2D;
  readonly l: tf.Tensor2D;
  readonly h?: tf.Tensor4D | null;
}

export { FEATURES };

/** z W (the linear rule; the bias enters with the activation). */
export function linearJet(j: FeatureJet, w: tf.Tensor2D): FeatureJet {
  return linearRule(j, matMul, w);
}

export function addJets(a: FeatureJet, b: FeatureJet): FeatureJet {
  return sumRule(a, b, 1);
}

export function subJets(a: FeatureJet, b: FeatureJet): FeatureJet {
  return sumRule(a, b, -1);
}

/** The scalar output's jet from the last linear layer (k = 1) plus the output bias. */
export function readOut(z: FeatureJet, bias: tf.Tensor1D): ScalarJet {
  const [d, n] = z.s.shape;
  const u = tf.add(z.v, bias) as tf.Tensor2D;
  const grad = tf.transpose(z.s.reshape([d, n]) as tf.Tensor2D);
  const out = z.t === undefined ? { u, grad, lap: z.l } : { u, grad, lap: z.l, dt: z.t };
  if (z.h === undefined) return out;
  const hess = z.h === null ? (tf.zeros([n, d, d]) as tf.Tensor3D) : (tf.transpose(z.h.reshape([d, d, n]), [2, 0, 1]) as tf.Tensor3D);
  return { ...out, hess };
}
