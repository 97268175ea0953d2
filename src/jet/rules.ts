import * as tf from "@tensorflow/tfjs";

/*
 * THE table of jet rules, each written once for either layout of the parts of a jet
 * (value v, space derivatives s, Laplacian l, time derivative t, space Hessian h):
 *   FEATURES  a layer of k features: v [n,k], s [d,n,k], l [n,k], t [n,k], h [d,d,n,k]
 *   SCALAR    a ScalarJet:           v [n,1], s [n,d],   l [n,1], t [n,1], h [n,d,d]
 * A layout says how to contract and combine the direction axes; the calculus is the rule's.
 * h === undefined: the Hessian is not tracked; h === null: tracked and identically zero (raw
 * inputs), which saves the zero tensors and their products.
 *
 *   linear      z W              ∂ and Δ and ∂∂ are linear: every part times W (FEATURES only)
 *   elementwise f(z)             ∂f = f'∂z, Δf = f'Δz + f''|∂z|², ∂_i∂_j f = f'∂_i∂_j z + f''∂_i z∂_j z
 *   product     a b              ∂(ab) = a∂b + b∂a, Δ(ab) = aΔb + bΔa + 2∂a·∂b,
 *                                ∂_i∂_j(ab) = a∂_i∂_j b + b∂_i∂_j a + ∂_i a∂_j b + ∂_j a∂_i b
 *   sum         a ± b, c·a       partwise
 * The fused activation and product (fused.ts) are these same rules as single tape nodes with
 * hand-written reverse passes, for speed; input maps (input.ts) are the exact jets of the
 * features; offsets (scalar.ts) add a known function's jet with the sum rule.
 */

export type HessPart = tf.Tensor | null | undefined;

export interface Parts {
  readonly v: tf.Tensor;
  readonly s: tf.Tensor;
  readonly l: tf.Tensor;
  readonly t?: tf.Tensor;
  readonly h?: tf.Tensor | null;
}

export interface Layout {
  /** Σ_i a_i b_i, value-shaped */
  dot(a: tf.Tensor, b: tf.Tensor): tf.Tensor;
  /** a_i b_j, Hessian-shaped */
  outer(a: tf.Tensor, b: tf.Tensor): tf.Tensor;
  /** a Hessian times a value-shaped factor */
  scaleH(h: tf.Tensor, c: tf.Tensor): tf.Tensor;
}

export const FEATURES: Layout = {
  dot: (a, b) => tf.sum(tf.mul(a, b), 0),
  outer: (a, b) => {
    const [d, n, k] = a.shape as [number, number, number];
    return tf.mul(a.reshape([d, 1, n, k]), b.reshape([1, d, n, k]));
  },
  scaleH: (h, c) => tf.mul(h, c),
};

export const SCALAR: Layout = {
  dot: (a, b) => tf.sum(tf.mul(a, b), 1, true),
  outer: (a, b) => {
    const [n, d] = a.shape as [number, number];
    return tf.mul(a.reshape([n, d, 1]), b.reshape([n, 1, d]));
  },
  scaleH: (h, c) => tf.mul(h, c.reshape([-1, 1, 1])),
};

function withOptional<P extends Parts>(base: P, t: tf.Tensor | undefined, h: HessPart): P {
  const withT = t === undefined ? base : { ...base, t };
  return h === undefined ? withT : { ...withT, h };
}

/** ∂_i∂_j f(z) = f' ∂_i∂_j z + f'' ∂_i z ∂_j z (the elementwise rule's Hessian part). */
export function elementwiseHessian(j: Parts, d1: tf.Tensor, d2: tf.Tensor, lay: Layout): HessPart {
  if (j.h === undefined) return undefined;
  const quad = lay.scaleH(lay.outer(j.s, j.s), d2);
  return j.h === null ? quad : tf.add(quad, lay.scaleH(j.h, d1));
}

/** f(z) for an elementwise f with value y and derivatives d1 = f'(z), d2 = f''(z). */
export function elementwiseRule(j: Parts, y: tf.Tensor, d1: tf.Tensor, d2: tf.Tensor, lay: Layout): Parts {
  const base = { v: y, s: tf.mul(j.s, d1), l: tf.add(tf.mul(d1, j.l), tf.mul(d2, lay.dot(j.s, j.s))) };
  return withOptional(base, j.t === undefined ? undefined : tf.mul(j.t, d1), elementwiseHessian(j, d1, d2, lay));
}

/** ∂_i∂_j (ab) = a ∂_i∂_j b + b ∂_i∂_j a + ∂_i a ∂_j b + ∂_j a ∂_i b (the product rule's Hessian part). */
export function productHessian(a: Parts, b: Parts, lay: Layout): HessPart {
  if (a.h === undefined || b.h === undefined) return undefined;
  const terms: tf.Tensor[] = [lay.outer(a.s, b.s), lay.outer(b.s, a.s)];
  if (a.h !== null) terms.push(lay.scaleH(a.h, b.v));
  if (b.h !== null) terms.push(lay.scaleH(b.h, a.v));
  return tf.addN(terms);
}

export function productRule(a: Parts, b: Parts, lay: Layout): Parts {
  const cross = lay.dot(a.s, b.s);
  const base = {
    v: tf.mul(a.v, b.v),
    s: tf.add(tf.mul(a.s, b.v), tf.mul(b.s, a.v)),
    l: tf.addN([tf.mul(a.v, b.l), tf.mul(b.v, a.l), cross, cross]),
  };
  const t = a.t === undefined || b.t === undefined ? undefined : tf.add(tf.mul(a.t, b.v), tf.mul(b.t, a.v));
  return withOptional(base, t, productHessian(a, b, lay));
}

/** a ± b for Hessian parts that may be untracked (undefined) or zero (null). */
function sumH(a: HessPart, b: HessPart, sign: 1 | -1): HessPart {
  if (a === undefined || b === undefined) return undefined;
  if (b === null) return a;
  if (a === null) return sign === 1 ? b : tf.neg(b);
  return sign === 1 ? tf.add(a, b) : tf.sub(a, b);
}

/** a + b (sign 1) or a − b (sign −1), partwise; t and h only where both operands have them. */
export function sumRule<P extends Parts>(a: P, b: Parts, sign: 1 | -1): P {
  const op = sign === 1 ? tf.add : tf.sub;
  const base = { v: op(a.v, b.v), s: op(a.s, b.s), l: op(a.l, b.l) } as unknown as P;
  const t = a.t === undefined || b.t === undefined ? undefined : op(a.t, b.t);
  return withOptional(base, t, sumH(a.h, b.h, sign));
}

/** c·a for a number or a value-shaped tensor c that does not depend on the jet's inputs. */
export function scaleRule<P extends Parts>(a: P, c: number | tf.Tensor, lay: Layout): P {
  const base = { v: tf.mul(a.v, c), s: tf.mul(a.s, c), l: tf.mul(a.l, c) } as unknown as P;
  const h = a.h === undefined || a.h === null ? a.h : typeof c === "number" ? tf.mul(a.h, c) : lay.scaleH(a.h, c);
  return withOptional(base, a.t === undefined ? undefined : tf.mul(a.t, c), h);
}

/** Every part of a FEATURES jet times W (z W; the bias enters with the activation). */
export function linearRule<P extends Parts>(j: P, mm: (a: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D, w: tf.Tensor2D): P {
  const k2 = w.shape[1];
  const lin = (a: tf.Tensor): tf.Tensor => {
    const k = a.shape[a.rank - 1] as number;
    const lead = a.shape.slice(0, -1);
    const y = mm(a.rank === 2 ? (a as tf.Tensor2D) : (a.reshape([-1, k]) as tf.Tensor2D), w);
    return a.rank === 2 ? y : y.reshape([...lead, k2]);
  };
  const base = { v: lin(j.v), s: lin(j.s), l: lin(j.l) } as unknown as P;
  return withOptional(base, j.t === undefined ? undefined : lin(j.t), j.h === undefined || j.h === null ? j.h : lin(j.h));
}
