import * as tf from "@tensorflow/tfjs";
import { rng } from "../random";
import { activate } from "./activations";
import { checkInput, commonOptions, glorot, namePrefix, positiveInt, zeroBias } from "./init";
import { activateJet, featureDim, features, inputJet, inputLinear, jetLayout, linearJet, readOut } from "./jet";
import { matMul } from "./mat-mul";
import { tidyJet } from "./custom-grad";
import type { JetOptions, ForwardOps, LabNet, MlpOptions, ScalarJet } from "./types";

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
  const ws: tf.Variable<tf.Rank.R2>[] = [];
  const bs: tf.Variable<tf.Rank.R1>[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const fin = widths[l] as number;
    const fout = widths[l + 1] as number;
    ws.push(glorot(r, fin, fout, `${pre}W${l}`));
    bs.push(zeroBias(fout, `${pre}b${l}`));
  }
  const vars = ws.flatMap((w, l) => [w, bs[l] as tf.Variable]);
  const last = ws.length - 1;

  const forwardWith = (x: tf.Tensor2D, ops: ForwardOps): tf.Tensor2D => {
    checkInput(x, o.inDim, "mlp");
    let h = features(x, o.time, o.periodic, ops);
    for (let l = 0; l < last; l++) h = ops.act(tf.add(ops.matMul(h, ws[l] as tf.Variable<tf.Rank.R2>), bs[l] as tf.Tensor)) as tf.Tensor2D;
    return tf.add(ops.matMul(h, ws[last] as tf.Variable<tf.Rank.R2>), bs[last] as tf.Tensor);
  };
  const fast: ForwardOps = { act: (z) => activate(o.activation, z), matMul, mul: tf.mul, sin: tf.sin, cos: tf.cos };

  const jet = (x: tf.Tensor2D, opt: JetOptions = {}): ScalarJet =>
    tidyJet(() => {
      checkInput(x, o.inDim, "mlp");
      let z = inputLinear(inputJet(x, jetLayout(x.shape[0], o.d, o.time, opt.hessian === true), o.periodic), ws[0] as V2);
      for (let l = 1; l <= last; l++) z = linearJet(activateJet(z, bs[l - 1] as V1, o.activation), ws[l] as V2);
      return readOut(z, bs[last] as V1);
    });

  return {
    kind: "mlp",
    inDim: o.inDim,
    d: o.d,
    timeInput: o.time,
    periodic: o.periodic,
    activation: o.activation,
    sizes: hidden,
    vars,
    apply: (x) => tf.tidy(() => forwardWith(x, fast)),
    jet,
    forwardWith,
    dispose: () => vars.forEach((v) => v.dispose()),
  };
}
