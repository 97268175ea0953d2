import * as tf from "@tensorflow/tfjs";
import { ELEMENTWISE } from "./functions";
import { FEATURES, productHessian } from "./rules";
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
 * test/solver/jet-rules.test.ts. The optional Hessian is one more output of the same node (as
 * plain taped ops it cost ~14 extra small ops per activation: 2.3-2.9x the plain step at d = 2-3).
 */

/** σ' h + σ'' ∂z ∂zᵀ (h null: zero). */
function activationHessian(s: tf.Tensor, h: tf.Tensor | null, d1: tf.Tensor, d2: tf.Tensor): tf.Tensor {
  const quad = tf.mul(FEATURES.outer(s, s), d2);
  return h === null ? quad : tf.add(quad, tf.mul(h, d1));
}

/** Σ_j (g_mj + g_jm) s_j: the reverse pass of a quadratic form s_i s_j read through g [d,d,n,k]. */
function contractSym(g: tf.Tensor, s: tf.Tensor): tf.Tensor {
  const [d, n, k] = s.shape as [number, number, number];
  return tf.sum(tf.mul(tf.add(g, tf.transpose(g, [1, 0, 2, 3])), s.reshape([1, d, n, k])), 1);
}

/** Output i of a node whose outputs are [v, s, l, t?, h?]. */
function unpackOut(outs: tf.Tensor[], time: boolean, hess: boolean): FeatureJet {
  const [v, s, l] = outs as [tf.Tensor2D, tf.Tensor3D, tf.Tensor2D];
  const out = time ? { v, s, l, t: outs[3] as tf.Tensor2D } : { v, s, l };
  return hess ? { ...out, h: outs[time ? 4 : 3] as tf.Tensor4D } : out;
}

/** v = σ(z + bias): ∂v = σ' ∂z, Δv = σ'' Σ_i (∂_i z)² + σ' Δz, ∂_i∂_j v = σ' ∂_i∂_j z + σ'' ∂_i z ∂_j z. */
export function activateJet(z: FeatureJet, bias: tf.Tensor1D, act: Activation): FeatureJet {
  const fn = ELEMENTWISE[act];
  const time = z.t !== undefined;
  const hess = z.h !== undefined;
  const zh = z.h ?? null;
  const outs = multiOp(
    [z.v, bias, z.s, z.l, ...(z.t ? [z.t] : []), ...(zh ? [zh] : [])],
    (save) => {
      const { y, base } = fn.at(tf.add(z.v, bias));
      const [d1, d2] = fn.derivs(base);
      const q = tf.sum(tf.square(z.s), 0);
      save([base, z.s, z.l, q, ...(z.t ? [z.t] : []), ...(zh ? [zh] : [])]);
      const l = tf.add(tf.mul(d1, z.l), tf.mul(d2, q));
      const h = hess ? [activationHessian(z.s, zh, d1, d2)] : [];
      return [y, tf.mul(z.s, d1), l, ...(z.t ? [tf.mul(z.t, d1)] : []), ...h];
    },
    (dys, saved) => {
      const [gv, gs, gl] = dys as [tf.Tensor, tf.Tensor, tf.Tensor];
      const gt = time ? dys[3] : undefined;
      const gH = hess ? dys[time ? 4 : 3] : undefined;
      const [base, zs, zl, q] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const zt = time ? saved[4] : undefined;
      const hIn = zh ? saved[time ? 5 : 4] : undefined;
      const [d1, d2, d3] = fn.derivs(base);
      const gld2 = tf.mul(gl, d2);
      let dzs = tf.add(tf.mul(gs, d1), tf.mul(zs, tf.add(gld2, gld2)));
      let dz = tf.addN([tf.mul(gv, d1), tf.mul(d2, tf.sum(tf.mul(gs, zs), 0)), tf.mul(gl, tf.add(tf.mul(d2, zl), tf.mul(d3, q)))]);
      if (time && gt !== undefined && zt !== undefined) dz = tf.add(dz, tf.mul(tf.mul(gt, zt), d2));
      if (gH !== undefined) {
        // through σ', σ'' of z: Σ_ij gH_ij (σ'' h_ij + σ‴ ∂_i z ∂_j z); through ∂z: σ'' (gH + gHᵀ)·∂z
        const curv = tf.mul(FEATURES.outer(zs, zs), d3);
        dz = tf.add(dz, tf.sum(tf.mul(gH, hIn === undefined ? curv : tf.add(tf.mul(hIn, d2), curv)), [0, 1]));
        dzs = tf.add(dzs, tf.mul(contractSym(gH, zs), d2));
      }
      const grads = [dz, tf.sum(dz, 0), dzs, tf.mul(gl, d1)];
      if (time && gt !== undefined) grads.push(tf.mul(gt, d1));
      if (hIn !== undefined && gH !== undefined) grads.push(tf.mul(gH, d1));
      return grads;
    },
  );
  return unpackOut(outs, time, hess);
}

interface Saved {
  readonly v: tf.Tensor;
  readonly s: tf.Tensor;
  readonly l: tf.Tensor;
  readonly t: tf.Tensor | undefined;
  readonly h: tf.Tensor | undefined;
}

/** The reverse pass of a·b for the operand `self` (the other operand is `o`). */
function productGrads(dys: tf.Tensor[], time: boolean, hess: boolean, self: Saved, o: Saved): tf.Tensor[] {
  const [gV, gS, gL] = dys as [tf.Tensor, tf.Tensor, tf.Tensor];
  const gt = time ? dys[3] : undefined;
  const gH = hess ? dys[time ? 4 : 3] : undefined;
  // ∂/∂self_v of (a_v b_v, a_v ∂b + b_v ∂a, a_v Δb + b_v Δa + 2Σ∂a∂b, a_v ∂_t b + b_v ∂_t a, a_v ∂∂b + …)
  const terms = [tf.mul(gV, o.v), tf.sum(tf.mul(gS, o.s), 0), tf.mul(gL, o.l)];
  if (gt !== undefined && o.t !== undefined) terms.push(tf.mul(gt, o.t));
  if (gH !== undefined && o.h !== undefined) terms.push(tf.sum(tf.mul(gH, o.h), [0, 1]));
  const ds = tf.add(tf.mul(gS, o.v), tf.mul(o.s, tf.add(gL, gL)));
  const g = [tf.addN(terms), gH === undefined ? ds : tf.add(ds, contractSym(gH, o.s)), tf.mul(gL, o.v)];
  if (gt !== undefined) g.push(tf.mul(gt, o.v));
  if (gH !== undefined && self.h !== undefined) g.push(tf.mul(gH, o.v));
  return g;
}

/** Hadamard product of two jets: Δ(ab) = aΔb + bΔa + 2 Σ_i ∂_i a ∂_i b, the Hessian as in rules.ts. */
export function productJet(a: FeatureJet, b: FeatureJet): FeatureJet {
  const time = a.t !== undefined && b.t !== undefined;
  const hess = a.h !== undefined && b.h !== undefined;
  const parts = (j: FeatureJet): tf.Tensor[] => [j.v, j.s, j.l, ...(time && j.t ? [j.t] : []), ...(hess && j.h ? [j.h] : [])];
  const na = parts(a).length;
  const unpack = (p: tf.Tensor[], j: FeatureJet): Saved => {
    const [v, s, l] = p as [tf.Tensor, tf.Tensor, tf.Tensor];
    return { v, s, l, t: time ? p[3] : undefined, h: hess && j.h ? p[time ? 4 : 3] : undefined };
  };
  const outs = multiOp(
    [...parts(a), ...parts(b)],
    (save) => {
      save([...parts(a), ...parts(b)]);
      const half = tf.sum(tf.mul(a.s, b.s), 0);
      const l = tf.addN([tf.mul(a.v, b.l), tf.mul(b.v, a.l), half, half]);
      const s = tf.add(tf.mul(a.s, b.v), tf.mul(b.s, a.v));
      const t = time ? [tf.add(tf.mul(a.t as tf.Tensor, b.v), tf.mul(b.t as tf.Tensor, a.v))] : [];
      const h = hess ? [productHessian(a, b, FEATURES) as tf.Tensor] : [];
      return [tf.mul(a.v, b.v), s, l, ...t, ...h];
    },
    (dys, saved) => {
      const [sa, sb] = [unpack(saved.slice(0, na), a), unpack(saved.slice(na), b)];
      return [...productGrads(dys, time, hess, sa, sb), ...productGrads(dys, time, hess, sb, sa)];
    },
  );
  return unpackOut(outs, time, hess);
}
