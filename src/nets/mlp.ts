import * as tf from "@tensorflow/tfjs";
import { rng } from "../random";
import { activateJet } from "../jet/fused";
import { linearJet, readOut } from "../jet/feature";
import { featureDim, features, inputLinear } from "../jet/input";
import { commonOptions, glorot, namePrefix, positiveInt, zeroBias } from "./init";
import { makeNet } from "./factory";
import type { LabNet, MlpOptions } from "./types";

type V2 = tf.Variable<tf.Rank.R2>;
type V1 = tf.Variable<tf.Rank.R1>;

/**
 * Multilayer perceptron inDim -> hidden[0] -> ... -> 1 with the chosen activation and a linear
 * output. Variables in order: W0, b0, W1, b1, ..., Wout, bout (weights Glorot normal, biases 0).
 */
export function mlp(opts: MlpOptions): LabNet {
  const o = commonOptions(opts, "mlp");
  if (!Array.isArray(opts.hidden) || opts.hidden.length === 0) {
    throw new Error("mlp: hidden must be a non-empty array of layer widths");
  }
  const hidden = opts.hidden.map((h, i) => positiveInt(h, `mlp: hidden[${i}]`));
  const r = rng(o.seed);
  const pre = namePrefix("mlp");
  const widths = [featureDim(o.d, o.time, o.periodic), ...hidden, 1];
  const ws: V2[] = [];
  const bs: V1[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    ws.push(glorot(r, widths[l] as number, widths[l + 1] as number, `${pre}W${l}`));
    bs.push(zeroBias(widths[l + 1] as number, `${pre}b${l}`));
  }
  const last = ws.length - 1;
  return makeNet({
    kind: "mlp",
    o,
    sizes: hidden,
    vars: ws.flatMap((w, l) => [w, bs[l] as tf.Variable]),
    forward: (x, ops) => {
      let h = features(x, o.map, ops);
      for (let l = 0; l < last; l++) h = ops.act(tf.add(ops.matMul(h, ws[l] as V2), bs[l] as V1)) as tf.Tensor2D;
      return tf.add(ops.matMul(h, ws[last] as V2), bs[last] as V1);
    },
    jet: (xj) => {
      let z = inputLinear(xj, ws[0] as V2);
      for (let l = 1; l <= last; l++) z = linearJet(activateJet(z, bs[l - 1] as V1, o.activation), ws[l] as V2);
      return readOut(z, bs[last] as V1);
    },
  });
}
