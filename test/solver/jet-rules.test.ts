import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { rng } from "../../src/random";
import type { FeatureJet } from "../../src/jet/feature";
import { ELEMENTWISE } from "../../src/jet/functions";
import { activateJet, productJet } from "../../src/jet/fused";
import { FEATURES, elementwiseRule, productRule } from "../../src/jet/rules";
import type { Activation } from "../../src/jet/types";

/*
 * The fused activation and product (single tape nodes, hand-written reverse passes) against the
 * generic rules of the table (plain taped ops, tfjs's own first-order autodiff) on random layer
 * jets: the same forward parts, and the same gradients of a random linear functional of every
 * output part w.r.t. every input part (v, s, l, t, bias). Same float32 arithmetic up to op order:
 * 1e-4 relative to the largest entry.
 */

const [D, N, K] = [3, 5, 4];

/** The Hessian part: untracked, tracked and zero (null), or a tensor. */
type HessKind = "none" | "zero" | "full";

function randomJet(seed: number, time: boolean, hess: HessKind): tf.Tensor[] {
  const r = rng(seed);
  const t = (shape: number[]): tf.Tensor => tf.tensor(Array.from(r.uniformArray(shape.reduce((a, b) => a * b, 1), -1, 1)), shape);
  return [t([N, K]), t([D, N, K]), t([N, K]), ...(time ? [t([N, K])] : []), ...(hess === "full" ? [t([D, D, N, K])] : [])];
}

let hessKind: HessKind = "none";
let timeOn = false;
const asJet = (p: tf.Tensor[]): FeatureJet => {
  const [v, s, l] = p as [tf.Tensor, tf.Tensor, tf.Tensor];
  const base = (timeOn ? { v, s, l, t: p[3] } : { v, s, l }) as FeatureJet;
  if (hessKind === "none") return base;
  return { ...base, h: hessKind === "zero" ? null : (p[timeOn ? 4 : 3] as tf.Tensor4D) };
};

/** Σ of every output part times fixed random weights: one scalar that reads all of them. */
function functional(j: FeatureJet, seed: number): tf.Scalar {
  const r = rng(seed);
  const parts = [j.v, j.s, j.l, ...(j.t ? [j.t] : []), ...(j.h ? [j.h] : [])];
  return tf.addN(parts.map((p) => tf.sum(tf.mul(p, tf.tensor(Array.from(r.uniformArray(p.size, -1, 1)), p.shape))))) as tf.Scalar;
}

function assertAllClose(name: string, a: tf.Tensor, b: tf.Tensor): void {
  const av = a.dataSync(), bv = b.dataSync();
  const scale = Math.max(1e-3, ...Array.from(bv as Float32Array, Math.abs));
  av.forEach((v, i) => assert.ok(Math.abs(v - (bv[i] as number)) <= 1e-4 * scale, `${name}[${i}]: fused ${v} vs rule ${bv[i]}`));
}

function generic(act: Activation, ins: tf.Tensor[], bias: tf.Tensor): FeatureJet {
  const z = asJet(ins);
  const fn = ELEMENTWISE[act];
  const { y, base } = fn.at(tf.add(z.v, bias));
  const [d1, d2] = fn.derivs(base);
  return elementwiseRule(z, y, d1, d2, FEATURES) as FeatureJet;
}

describe("jet rules: the fused activation and product equal the generic rules, forward and reverse", () => {
  before(async () => {
    await initBackend();
  });
  for (const [time, hess] of [[false, "none"], [true, "none"], [false, "zero"], [true, "full"], [false, "full"]] as const) {
    const label = `${time ? " +t" : ""}${hess === "none" ? "" : ` hessian ${hess}`}`;
    for (const act of ["tanh", "sigmoid", "softplus"] as const) {
      it(`activation ${act}${label}`, () => {
        [timeOn, hessKind] = [time, hess];
        const ins = randomJet(1, time, hess);
        const bias = tf.tensor1d(Array.from(rng(2).uniformArray(K, -1, 1)));
        const xs = [...ins, bias];
        const f = (fused: boolean) => tf.grads((...a: tf.Tensor[]) => {
          const b = a[a.length - 1] as tf.Tensor;
          const j = fused ? activateJet(asJet(a.slice(0, -1)), b as tf.Tensor1D, act) : generic(act, a.slice(0, -1), b);
          return functional(j, 3);
        })(xs);
        const [gf, gr] = [f(true), f(false)];
        gf.forEach((g, i) => assertAllClose(`∂/∂input${i}`, g, gr[i] as tf.Tensor));
        const jf = activateJet(asJet(ins), bias as tf.Tensor1D, act), jr = generic(act, ins, bias);
        for (const k of ["v", "s", "l", "t", "h"] as const) if (jr[k]) assertAllClose(k, jf[k] as tf.Tensor, jr[k] as tf.Tensor);
        assert.equal(jf.h === undefined, hess === "none", "Hessian present exactly when tracked");
        tf.dispose([...xs, ...gf, ...gr]);
      });
    }
    it(`product${label}`, () => {
      [timeOn, hessKind] = [time, hess];
      const a = randomJet(4, time, hess), b = randomJet(5, time, hess);
      const f = (fused: boolean) => tf.grads((...x: tf.Tensor[]) => {
        const [ja, jb] = [asJet(x.slice(0, a.length)), asJet(x.slice(a.length))];
        return functional(fused ? productJet(ja, jb) : (productRule(ja, jb, FEATURES) as FeatureJet), 6);
      })([...a, ...b]);
      const [gf, gr] = [f(true), f(false)];
      gf.forEach((g, i) => assertAllClose(`∂/∂input${i}`, g, gr[i] as tf.Tensor));
      const [ja, jb] = [asJet(a), asJet(b)];
      const [pf, pr] = [productJet(ja, jb), productRule(ja, jb, FEATURES) as FeatureJet];
      for (const k of ["v", "s", "l", "t", "h"] as const) if (pr[k]) assertAllClose(k, pf[k] as tf.Tensor, pr[k] as tf.Tensor);
      tf.dispose([...a, ...b, ...gf, ...gr]);
    });
  }
});
