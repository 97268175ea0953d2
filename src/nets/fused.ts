import * as tf from "@tensorflow/tfjs";
import { tanh } from "./fast-ops";
import type { Activation } from "./types";
import type { Jet } from "./jet";

/*
 * The two nonlinear jet rules (activation, Hadamard product) as single taped ops with
 * hand-written reverse passes. Autodiff of the same rules records ~25 small ops per layer, each
 * saving copies of its inputs and adding its own backward kernels; per-op overhead dominates at
 * these sizes on wasm. tf.customGrad allows one output only, so this uses the engine's
 * runKernelFunc (what customGrad itself calls; pinned tfjs 4.22) to give one tape node several
 * outputs. The reverse passes are first order only and are checked against float64 finite
 * differences in test/solver/nets-train.test.ts.
 */

type Grads = Record<string, () => tf.Tensor>;
interface EngineInternals {
  runKernelFunc(p: {
    forwardFunc: (backend: unknown, save: tf.GradSaveFunc) => tf.Tensor[];
    backwardsFunc: (dys: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => Grads;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor | tf.Tensor[];
}

/** One tape node with several inputs and outputs; backward returns one gradient per input. */
function multiOp(
  inputs: readonly tf.Tensor[],
  forward: (save: tf.GradSaveFunc) => tf.Tensor[],
  backward: (dys: tf.Tensor[], saved: tf.Tensor[]) => tf.Tensor[],
): tf.Tensor[] {
  const inputMap: Record<string, tf.Tensor> = {};
  inputs.forEach((t, i) => (inputMap[i] = t));
  const out = (tf.engine() as unknown as EngineInternals).runKernelFunc({
    forwardFunc: (_b, save) => forward(save),
    backwardsFunc: (dys, saved) => {
      const g = backward(Array.isArray(dys) ? dys : [dys], saved);
      const map: Grads = {};
      g.forEach((t, i) => (map[i] = () => t));
      return map;
    },
    inputs: inputMap,
  });
  return Array.isArray(out) ? out : [out];
}

/** σ and the tensor its derivatives are polynomials in (σ itself, or sigmoid for softplus). */
function activationBase(act: Activation, a: tf.Tensor): { y: tf.Tensor; base: tf.Tensor } {
  switch (act) {
    case "tanh": {
      const y = tanh(a);
      return { y, base: y };
    }
    case "sigmoid": {
      const y = tf.sigmoid(a);
      return { y, base: y };
    }
    case "softplus":
      return { y: tf.softplus(a), base: tf.sigmoid(a) };
  }
}

/** σ', σ'', σ''' from the base: tanh 1−y², −2yσ', σ'(6y²−2); sigmoid y(1−y), σ'(1−2y), σ'(1−6y+6y²); softplus p, p(1−p), σ''(1−2p). */
function derivs(act: Activation, y: tf.Tensor): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const y2 = tf.square(y);
  switch (act) {
    case "tanh": {
      const d1 = tf.sub(1, y2);
      return [d1, tf.mul(tf.mul(y, d1), -2), tf.mul(d1, tf.sub(tf.mul(y2, 6), 2))];
    }
    case "sigmoid": {
      const d1 = tf.sub(y, y2);
      return [d1, tf.mul(d1, tf.sub(1, tf.mul(y, 2))), tf.mul(d1, tf.add(tf.sub(1, tf.mul(y, 6)), tf.mul(y2, 6)))];
    }
    case "softplus": {
      const d2 = tf.sub(y, y2);
      return [y, d2, tf.mul(d2, tf.sub(1, tf.mul(y, 2)))];
    }
  }
}

/** v = σ(z + bias): ∂v = σ' ∂z, Δv = σ'' Σ_i (∂_i z)² + σ' Δz (space directions only). */
export function activateJet(z: Jet, bias: tf.Tensor1D, act: Activation): Jet {
  const time = z.t !== undefined;
  const ins = [z.v, bias, z.s, z.l, ...(z.t ? [z.t] : [])];
  const outs = multiOp(
    ins,
    (save) => {
      const { y, base } = activationBase(act, tf.add(z.v, bias));
      const [d1, d2] = derivs(act, base);
      const q = tf.sum(tf.square(z.s), 0);
      save([base, z.s, z.l, q, ...(z.t ? [z.t] : [])]);
      const l = tf.add(tf.mul(d1, z.l), tf.mul(d2, q));
      return [y, tf.mul(z.s, d1), l, ...(z.t ? [tf.mul(z.t, d1)] : [])];
    },
    ([gv, gs, gl, gt], saved) => {
      const [base, zs, zl, q, zt] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const [d1, d2, d3] = derivs(act, base);
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
  return z.h === undefined ? out : { ...out, h: activateHessian(z, bias, act) };
}

/** a_i b_j for space derivatives [d,n,k]: [d,d,n,k]. */
function outer(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor4D {
  const [d, n, k] = a.shape;
  return tf.mul(a.reshape([d, 1, n, k]), b.reshape([1, d, n, k]));
}

/*
 * The Hessian parts are plain taped ops (ordinary first-order autodiff gives their reverse pass):
 * the Hessian is optional and [d,d,n,k] large, so a fused node would save little per-op overhead.
 */

/** ∂_i∂_j σ(z) = σ'' ∂_i z ∂_j z + σ' ∂_i∂_j z. */
function activateHessian(z: Jet, bias: tf.Tensor1D, act: Activation): tf.Tensor4D {
  const [d1, d2] = derivs(act, activationBase(act, tf.add(z.v, bias)).base);
  const quad = tf.mul(outer(z.s, z.s), d2);
  return z.h === undefined || z.h === null ? quad : tf.add(quad, tf.mul(z.h, d1));
}

/** ∂_i∂_j (ab) = a ∂_i∂_j b + b ∂_i∂_j a + ∂_i a ∂_j b + ∂_j a ∂_i b. */
function productHessian(a: Jet, b: Jet): tf.Tensor4D {
  const terms: tf.Tensor[] = [outer(a.s, b.s), outer(b.s, a.s)];
  if (a.h) terms.push(tf.mul(a.h, b.v));
  if (b.h) terms.push(tf.mul(b.h, a.v));
  return tf.addN(terms) as tf.Tensor4D;
}

/** Hadamard product of two jets: Δ(ab) = aΔb + bΔa + 2 Σ_i ∂_i a ∂_i b. */
export function productJet(a: Jet, b: Jet): Jet {
  const time = a.t !== undefined && b.t !== undefined;
  const parts = (j: Jet): tf.Tensor[] => [j.v, j.s, j.l, ...(time && j.t ? [j.t] : [])];
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
  return a.h === undefined || b.h === undefined ? out : { ...out, h: productHessian(a, b) };
}
