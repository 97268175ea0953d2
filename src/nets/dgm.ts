import * as tf from "@tensorflow/tfjs";
import { rng } from "../random";
import { activateJet, productJet } from "../jet/fused";
import { addJets, linearJet, readOut, subJets, type FeatureJet } from "../jet/feature";
import { featureDim, features, inputLinear, type InputJet } from "../jet/input";
import { commonOptions, glorot, glorotBlocks, namePrefix, positiveInt, zeroBias } from "./init";
import { makeNet } from "./factory";
import type { DgmOptions, ForwardOps, LabNet } from "./types";

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
  // every x-weight side by side: the input map and its jet are computed once for all gates
  const allU = (): tf.Tensor2D => tf.concat([w1, ...layers.flatMap((g) => [g.uzgr, g.uh])], 1);

  const forward = (x: tf.Tensor2D, ops: ForwardOps): tf.Tensor2D => {
    const xu = tf.split(ops.matMul(features(x, o.map, ops), allU()), [k, ...layers.flatMap(() => [3 * k, k])], 1);
    let s = ops.act(tf.add(xu[0] as tf.Tensor, b1)) as tf.Tensor2D;
    layers.forEach((g, l) => {
      const zgr = ops.act(tf.add(tf.add(xu[1 + 2 * l] as tf.Tensor, ops.matMul(s, g.wzgr)), g.bzgr));
      const [z, gg, rr] = tf.split(zgr, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const h = ops.act(tf.add(tf.add(xu[2 + 2 * l] as tf.Tensor, ops.matMul(ops.mul(s, rr) as tf.Tensor2D, g.wh)), g.bh));
      s = tf.add(ops.mul(tf.sub(1, gg), h), ops.mul(z, s));
    });
    return tf.add(ops.matMul(s, wOut), bOut);
  };

  // per-gate pieces of the shared weights: splitting the small weights is cheap, splitting the
  // activations' jets along their last axis is not (strided copies on wasm)
  const gate = (x: InputJet, s: FeatureJet, u: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): FeatureJet =>
    activateJet(addJets(inputLinear(x, u), linearJet(s, w)), b, o.activation);
  const gated = (x: InputJet, s: FeatureJet, g: GatedLayer): FeatureJet => {
    const [uz, ug, ur] = tf.split(g.uzgr, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [wz, wg, wr] = tf.split(g.wzgr, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [bz, bg, br] = tf.split(g.bzgr, 3) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    const z = gate(x, s, uz, wz, bz);
    const gg = gate(x, s, ug, wg, bg);
    const r = gate(x, s, ur, wr, br);
    const h = gate(x, productJet(s, r), g.uh, g.wh, g.bh);
    // (1 − G)∘H + Z∘S = H − G∘H + Z∘S keeps every term a plain product of jets
    return addJets(subJets(h, productJet(gg, h)), productJet(z, s));
  };

  return makeNet({
    kind: "dgm",
    o,
    sizes: layers.map(() => k),
    vars: [w1, b1, ...layers.flatMap((g) => [g.uzgr, g.wzgr, g.bzgr, g.uh, g.wh, g.bh]), wOut, bOut],
    forward,
    jet: (xj) => {
      let s = activateJet(inputLinear(xj, w1), b1, o.activation);
      for (const g of layers) s = gated(xj, s, g);
      return readOut(linearJet(s, wOut), bOut);
    },
  });
}
