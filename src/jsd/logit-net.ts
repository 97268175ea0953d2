import * as tf from "@tensorflow/tfjs";
import type { Net, ScalarJet } from "../nets";
import { rng } from "../random";

/**
 * A small tanh MLP R^d -> R implementing the Net contract of src/nets (apply, forward jet, vars),
 * built from plain tf ops. Stop-gap: src/nets' `mlp` was not usable inside optimizer.minimize
 * when this was written (its custom matMul gradient read an input disposed by tidy); the
 * discriminator is built by `logitMlp` so swapping to `mlp` is a one-line change.
 * The jet is forward-mode: per layer z = hW + b, ∂z = (∂h)W, Δz = (Δh)W, then
 * ∂t = σ'(z)∂z, Δt = σ'(z)Δz + σ''(z) Σ_i (∂_i z)²  with σ' = 1 − t², σ'' = −2t(1 − t²).
 */
export function logitMlp(opts: { readonly inDim: number; readonly hidden: readonly number[]; readonly seed: number }): Net {
  if (!Number.isInteger(opts.inDim) || opts.inDim < 1) throw new Error(`logitMlp: inDim must be a positive integer, got ${opts.inDim}`);
  if (opts.hidden.length === 0 || opts.hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new Error(`logitMlp: hidden must be a non-empty list of positive integers`);
  }
  const r = rng(opts.seed);
  const widths = [opts.inDim, ...opts.hidden, 1];
  const ws: tf.Variable<tf.Rank.R2>[] = [], bs: tf.Variable<tf.Rank.R1>[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const fin = widths[l] as number, fout = widths[l + 1] as number;
    const std = Math.sqrt(2 / (fin + fout));
    ws.push(tf.variable(tf.tensor2d(Float32Array.from(r.normalArray(fin * fout, 0, std)), [fin, fout]), true, `logit_W${l}`));
    bs.push(tf.variable(tf.zeros([fout]), true, `logit_b${l}`));
  }
  const vars: tf.Variable[] = ws.flatMap((w, l) => [w, bs[l] as tf.Variable]);
  const last = ws.length - 1;
  const check = (x: tf.Tensor2D): void => {
    if (x.rank !== 2 || x.shape[1] !== opts.inDim) throw new Error(`logitMlp: x must have shape [n, ${opts.inDim}], got [${x.shape.join(", ")}]`);
  };
  const apply = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => {
    check(x);
    let h: tf.Tensor2D = x;
    for (let l = 0; l < last; l++) h = tf.tanh(tf.add(tf.matMul(h, ws[l] as tf.Tensor2D), bs[l] as tf.Tensor)) as tf.Tensor2D;
    return tf.add(tf.matMul(h, ws[last] as tf.Tensor2D), bs[last] as tf.Tensor);
  });
  const jet = (x: tf.Tensor2D): ScalarJet => tf.tidy(() => {
    check(x);
    const n = x.shape[0], d = opts.inDim;
    let h: tf.Tensor2D = x;
    // jet of the input: ∂x/∂x_i = e_i, Δx = 0, so the first layer's ∂z_i is row i of W0
    let dh: tf.Tensor2D[] = [];
    let lap: tf.Tensor2D = tf.zeros([n, 1]);
    for (let l = 0; l < last; l++) {
      const w = ws[l] as tf.Tensor2D;
      const t = tf.tanh(tf.add(tf.matMul(h, w), bs[l] as tf.Tensor)) as tf.Tensor2D;
      const s1 = tf.sub(1, tf.square(t));
      const s2 = tf.mul(-2, tf.mul(t, s1));
      const dz = l === 0
        ? Array.from({ length: d }, (_, i) => tf.broadcastTo(tf.slice(w, [i, 0], [1, -1]), [n, w.shape[1]]) as tf.Tensor2D)
        : dh.map((g) => tf.matMul(g, w));
      const sq = dz.map((g) => tf.square(g)).reduce((a, b) => tf.add(a, b));
      const lapZ: tf.Tensor2D = l === 0 ? tf.zeros([n, w.shape[1]]) : tf.matMul(lap, w);
      lap = tf.add(tf.mul(s1, lapZ), tf.mul(s2, sq)) as tf.Tensor2D;
      dh = dz.map((g) => tf.mul(s1, g) as tf.Tensor2D);
      h = t;
    }
    const wOut = ws[last] as tf.Tensor2D;
    const u: tf.Tensor2D = tf.add(tf.matMul(h, wOut), bs[last] as tf.Tensor);
    const grad = tf.concat(dh.map((g) => tf.matMul(g, wOut)), 1) as tf.Tensor2D;
    return { u, grad, lap: tf.matMul(lap, wOut) } as unknown as tf.TensorContainer;
  }) as unknown as ScalarJet;
  return { inDim: opts.inDim, vars, apply, jet, dispose: () => vars.forEach((v) => v.dispose()) };
}
