import * as tf from "@tensorflow/tfjs";
import { ELEMENTWISE } from "./functions";
import { FEATURES, elementwiseHessian, productHessian } from "./rules";
import { multiOp } from "./tfjs-internals";
import type { FeatureJet } from "./feature";
import type { Activation } from "./types";

/*
 * The elementwise (activation) and product rules of rules.ts for a layer's FeatureJet, as single
 * taped ops with hand-written reverse passes. Autodiff of the same rules records ~25 small ops per
 * layer, each saving copies of its inputs and adding its own backward kernels; per-op overhead
 * dominates at these sizes on wasm. The reverse passes are first order only and are checked
 * against float64 finite differences in test/solver/nets-train.test.ts (weights) and
 * test/solver/jet-input-grad.test.ts (inputs), and against tfjs autodiff of the generic rules in
 * test/solver/jet-rules.test.ts. The optional Hessian part is the rules' own taped ops. Measured:
 * one more output of these nodes with a hand-written reverse pass took the Hessian step from
 * 2.3-2.5x to ~2.0x the plain step at d = 2, but from 3.5x to 7-8x at d = 10, so it was dropped.
 */

/** v = σ(z + bias): ∂v = σ' ∂z, Δv = σ'' Σ_i (∂_i z)² + σ' Δz (space directions only). */
export function activateJet(z: FeatureJet, bias: tf.Tensor1D, act: Activation): FeatureJet {
  const fn = ELEMENTWISE[act];
  const time = z.t !== undefined;
  const ins = [z.v, bias, z.s, z.l, ...(z.t ? [z.t] : [])];
  const outs = multiOp(
    ins,
    (save) => {
      const { y, base } = fn.at(tf.add(z.v, bias));
      const [d1, d2] = fn.derivs(base);
      const q = tf.sum(tf.square(z.s), 0);
      save([base, z.s, z.l, q, ...(z.t ? [z.t] : [])]);
      const l = tf.add(tf.mul(d1, z.l), tf.mul(d2, q));
      return [y, tf.mul(z.s, d1), l, ...(z.t ? [tf.mul(z.t, d1)] : [])];
    },
    ([gv, gs, gl, gt], saved) => {
      const [base, zs, zl, q, zt] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const [d1, d2, d3] = fn.derivs(base);
      const [gV, gS, gL] = [gv, gs, gl] as [tf.Tensor, tf.Tensor, tf.Tensor];
      const gld2 = tf.mul(gL, d2);
      const dzs = tf.add(tf.mul(gS, d1), tf.mul(zs, tf.add(gld2, gld2)));
      let dz = tf.addN([tf.mul(gV, d1), tf.mul(d2, tf.sum(tf.mul(gS, zs), 0)), tf.mul(gL, tf.add(tf.mul(d2, zl), tf.mul(d3, q)))]);
      if (time && gt !== undefined && zt !== undefined) dz = tf.add(dz, tf.mul(tf.mul(gt, zt), d2));
      const grads = [dz, tf.sum(dz, 0), dzs, tf.mul(gL, d1)];
      return time && gt !== undefined ? [...grads, tf.mul(gt, d1)] : grads;
    },
  );
  const [v, s, l, t] = outs as [tf.Tensor2D, tf.Tensor3D, tf.Tensor2D, tf.Tensor2D | undefined];
  const out = t === undefined ? { v, s, l } : { v, s, l, t };
  if (z.h === undefined) return out;
  // σ', σ'' once more as taped ops: the fused node's are off the tape
  const [d1, d2] = fn.derivs(fn.at(tf.add(z.v, bias)).base);
  return { ...out, h: elementwiseHessian(z, d1, d2, FEATURES) as tf.Tensor4D };
}

/** Hadamard product of two jets: Δ(ab) = aΔb + bΔa + 2 Σ_i ∂_i a ∂_i b. */
export function productJet(a: FeatureJet, b: FeatureJet): FeatureJet {
  const time = a.t !== undefined && b.t !== undefined;
  const parts = (j: FeatureJet): tf.Tensor[] => [j.v, j.s, j.l, ...(time && j.t ? [j.t] : [])];
  const na = parts(a).length;
  const outs = multiOp(
    [...parts(a), ...parts(b)],
    (save) => {
      save([...parts(a), ...parts(b)]);
      const half = tf.sum(tf.mul(a.s, b.s), 0);
      const l = tf.addN([tf.mul(a.v, b.l), tf.mul(b.v, a.l), half, half]);
      const s = tf.add(tf.mul(a.s, b.v), tf.mul(b.s, a.v));
      const t = time ? [tf.add(tf.mul(a.t as tf.Tensor, b.v), tf.mul(b.t as tf.Tensor, a.v))] : [];
      return [tf.mul(a.v, b.v), s, l, ...t];
    },
    ([gv, gs, gl, gt], saved) => {
      const [av, as, al, at] = saved.slice(0, na) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const [bv, bs, bl, bt] = saved.slice(na) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const [gV, gS, gL] = [gv, gs, gl] as [tf.Tensor, tf.Tensor, tf.Tensor];
      const gl2 = tf.add(gL, gL);
      // ∂/∂a_v of (a_v b_v, a_v ∂b + b_v ∂a, a_v Δb + b_v Δa + 2Σ∂a∂b) and symmetrically for b
      const dv = (ov: tf.Tensor, os: tf.Tensor, ol: tf.Tensor, ot: tf.Tensor | undefined): tf.Tensor => {
        const terms = [tf.mul(gV, ov), tf.sum(tf.mul(gS, os), 0), tf.mul(gL, ol)];
        if (gt !== undefined && ot !== undefined) terms.push(tf.mul(gt, ot));
        return tf.addN(terms);
      };
      const ds = (ov: tf.Tensor, os: tf.Tensor): tf.Tensor => tf.add(tf.mul(gS, ov), tf.mul(os, gl2));
      const ga = [dv(bv, bs, bl, bt), ds(bv, bs), tf.mul(gL, bv)];
      const gb = [dv(av, as, al, at), ds(av, as), tf.mul(gL, av)];
      if (time && gt !== undefined) {
        ga.push(tf.mul(gt, bv));
        gb.push(tf.mul(gt, av));
      }
      return [...ga, ...gb];
    },
  );
  const [v, s, l, t] = outs as [tf.Tensor2D, tf.Tensor3D, tf.Tensor2D, tf.Tensor2D | undefined];
  const out = t === undefined ? { v, s, l } : { v, s, l, t };
  const h = productHessian(a, b, FEATURES);
  return h === undefined ? out : { ...out, h: h as tf.Tensor4D };
}
