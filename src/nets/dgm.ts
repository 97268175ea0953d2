import * as tf from "@tensorflow/tfjs";
import { rng } from "../random";
import { activate } from "./activations";
import { checkInput, commonOptions, glorot, namePrefix, glorotBlocks, positiveInt, zeroBias } from "./init";
import { activateJet, featureDim, features, inputStack, jetLayout, linearJet, productJet, readOut, type JetLayout } from "./jet";
import { matMul } from "./mat-mul";
import { tidyJet } from "./custom-grad";
import type { DgmOptions, ForwardOps, LabNet, ScalarJet } from "./types";

type V2 = tf.Variable<tf.Rank.R2>;
type V1 = tf.Variable<tf.Rank.R1>;

/** One gated layer; Z, G, R share one matrix each for x and for S so they cost one matMul. */
interface GatedLayer {
  readonly uzgr: V2;
  readonly wzgr: V2;
  readonly bzgr: V1;
  readonly uh: V2;
  readonly wh: V2;
  readonly bh: V1;
}

/**
 * The DGM network (Sirignano–Spiliopoulos 2018): S1 = σ(W1 x + b1); for l = 1..L
 * Z = σ(Uz x + Wz S + bz), G = σ(Ug x + Wg S + bg), R = σ(Ur x + Wr S + br),
 * H = σ(Uh x + Wh (S∘R) + bh), S ← (1 − G)∘H + Z∘S; u = W S + b.
 * Variables: W1, b1, then per layer [Uz|Ug|Ur], [Wz|Wg|Wr], [bz|bg|br], Uh, Wh, bh, then W, b.
 */
export function dgm(opts: DgmOptions): LabNet {
  const o = commonOptions(opts, "dgm");
  const k = positiveInt(opts.width, "dgm: width");
  const nl = positiveInt(opts.layers, "dgm: layers");
  const f = featureDim(o.d, o.time, o.periodic);
  const r = rng(o.seed);
  const pre = namePrefix("dgm");
  const w1 = glorot(r, f, k, `${pre}W1`);
  const b1 = zeroBias(k, `${pre}b1`);
  const layers: GatedLayer[] = [];
  for (let l = 0; l < nl; l++) {
    layers.push({
      uzgr: glorotBlocks(r, f, k, 3, `${pre}Uzgr${l}`),
      wzgr: glorotBlocks(r, k, k, 3, `${pre}Wzgr${l}`),
      bzgr: zeroBias(3 * k, `${pre}bzgr${l}`),
      uh: glorot(r, f, k, `${pre}Uh${l}`),
      wh: glorot(r, k, k, `${pre}Wh${l}`),
      bh: zeroBias(k, `${pre}bh${l}`),
    });
  }
  const wOut = glorot(r, k, 1, `${pre}W`);
  const bOut = zeroBias(1, `${pre}b`);
  const vars: tf.Variable[] = [w1, b1, ...layers.flatMap((g) => [g.uzgr, g.wzgr, g.bzgr, g.uh, g.wh, g.bh]), wOut, bOut];
  // every x-weight side by side: the input map and its jet are computed once for all gates
  const allU = (): tf.Tensor2D => tf.concat([w1, ...layers.flatMap((g) => [g.uzgr, g.uh])], 1);

  const forwardWith = (x: tf.Tensor2D, ops: ForwardOps): tf.Tensor2D => {
    checkInput(x, o.inDim, "dgm");
    const xu = tf.split(ops.matMul(features(x, o.time, o.periodic, ops), allU()), [k, ...layers.flatMap(() => [3 * k, k])], 1);
    let s = ops.act(tf.add(xu[0] as tf.Tensor, b1)) as tf.Tensor2D;
    layers.forEach((g, l) => {
      const zgr = ops.act(tf.add(tf.add(xu[1 + 2 * l] as tf.Tensor, ops.matMul(s, g.wzgr)), g.bzgr));
      const [z, gg, rr] = tf.split(zgr, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const h = ops.act(tf.add(tf.add(xu[2 + 2 * l] as tf.Tensor, ops.matMul(ops.mul(s, rr) as tf.Tensor2D, g.wh)), g.bh));
      s = tf.add(ops.mul(tf.sub(1, gg), h), ops.mul(z, s));
    });
    return tf.add(ops.matMul(s, wOut), bOut);
  };
  const fast: ForwardOps = { act: (z) => activate(o.activation, z), matMul, mul: tf.mul, sin: tf.sin, cos: tf.cos };

  const gated = (s: tf.Tensor3D, xz: tf.Tensor3D, xh: tf.Tensor3D, g: GatedLayer, lay: JetLayout): tf.Tensor3D => {
    const zgr = activateJet(tf.add(xz, linearJet(s, g.wzgr)), g.bzgr, o.activation, lay);
    const [z, gg, rr] = tf.split(zgr, 3, 2) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
    const h = activateJet(tf.add(xh, linearJet(productJet(s, rr, lay), g.wh)), g.bh, o.activation, lay);
    // (1 − G)∘H + Z∘S = H − G∘H + Z∘S keeps every term a plain product of jets
    return tf.add(tf.sub(h, productJet(gg, h, lay)), productJet(z, s, lay));
  };

  const jet = (x: tf.Tensor2D): ScalarJet =>
    tidyJet(() => {
      checkInput(x, o.inDim, "dgm");
      const lay = jetLayout(x.shape[0], o.d, o.time);
      const xu = tf.split(linearJet(inputStack(x, lay, o.periodic), allU()), [k, ...layers.flatMap(() => [3 * k, k])], 2) as tf.Tensor3D[];
      let s = activateJet(xu[0] as tf.Tensor3D, b1, o.activation, lay);
      layers.forEach((g, l) => {
        s = gated(s, xu[1 + 2 * l] as tf.Tensor3D, xu[2 + 2 * l] as tf.Tensor3D, g, lay);
      });
      return readOut(linearJet(s, wOut), bOut, lay);
    });

  return {
    kind: "dgm",
    inDim: o.inDim,
    d: o.d,
    timeInput: o.time,
    periodic: o.periodic,
    activation: o.activation,
    sizes: layers.map(() => k),
    vars,
    apply: (x) => tf.tidy(() => forwardWith(x, fast)),
    jet,
    forwardWith,
    dispose: () => vars.forEach((v) => v.dispose()),
  };
}
