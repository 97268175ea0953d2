/**
 * Adam over one flat buffer of all of a player's variables, as a handful of graph ops (one pass
 * each over the buffer instead of ~10 kernels per variable). The formula is tf.train.adam's:
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)
 * with 1−βᵗ fed per step (`oneMinusB1t`, `oneMinusB2t`), so one graph serves every step.
 */
import type { Graph } from "./graph";

export interface AdamOptions {
  readonly lr: number;
  readonly beta1?: number;
  readonly beta2?: number;
  /** tfjs's default: the backend's epsilon, 1e-7 in float32 */
  readonly epsilon?: number;
}

export interface AdamState {
  readonly params: string;
  readonly m: string;
  readonly v: string;
  readonly oneMinusB1t: string;
  readonly oneMinusB2t: string;
}

export function adamGraph(g: Graph, o: AdamOptions, s: AdamState, grad: string): AdamState & { readonly grad: string } {
  const [b1, b2, eps] = [o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-7];
  const m = g.add(g.mul(s.m, g.scalar(b1)), g.mul(grad, g.scalar(1 - b1)));
  const v = g.add(g.mul(s.v, g.scalar(b2)), g.mul(g.sq(grad), g.scalar(1 - b2)));
  const mHat = g.div(m, s.oneMinusB1t);
  const vHat = g.div(v, s.oneMinusB2t);
  const update = g.mul(g.div(mHat, g.add(g.sqrt(vHat), g.scalar(eps))), g.scalar(-o.lr));
  return { ...s, params: g.add(update, s.params), m, v, grad };
}
