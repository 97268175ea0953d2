import * as tf from "@tensorflow/tfjs";
import { finitePositive, integer, oneOf, optional, positiveInt, positiveIntList } from "../config";
// the one Glorot initialiser of src/nets (not re-exported by its index)
import { glorot, namePrefix, zeroBias } from "../nets/init";
import { rng, type Rng } from "../random";

/**
 * The generator G: R^d -> R^d, G(z) = z + MLP(z) (tanh hidden layers, linear output).
 * A vector-valued net, so it is built here and not from src/nets (whose nets are scalar).
 * With outputInit "zero" the last layer starts at zero, so G_0 = id and the law of G_0(Z), Z ~ N(0, I),
 * is exactly ρ_0 = N(0, I): the grid flow and the generator start from the same density.
 */
export interface Generator {
  readonly dim: number;
  readonly vars: readonly tf.Variable[];
  apply(z: tf.Tensor2D): tf.Tensor2D;
  /** the last hidden layer's activations H(z), [n, width]: G(z) = z + H(z)·W + b */
  features(z: tf.Tensor2D): tf.Tensor2D;
  /** add (ΔW, Δb) to the output layer: ΔW [width, d], Δb [d] */
  shiftOutput(dw: tf.Tensor2D, db: tf.Tensor1D): void;
  /** current weights as plain arrays, in `vars` order (for comparisons and cloning) */
  snapshot(): Float32Array[];
  /** overwrite the weights with a snapshot of the same architecture */
  load(weights: readonly Float32Array[]): void;
  dispose(): void;
}

export interface GeneratorOptions {
  readonly dim: number;
  readonly hidden: readonly number[];
  readonly seed: number;
  /** "zero": G_0 = identity (default); "glorot": a generic start, used to test the equivalence */
  readonly outputInit?: "zero" | "glorot";
  /**
   * First-layer weights N(0, s²) and biases placing each unit's transition uniformly in |z| ≤ 3
   * (b = −w·c, c ~ U(−3, 3)). Why: with Glorot weights (≈ 0.25) every tanh unit is nearly linear
   * over the noise range, so the regression can only move G by very smooth fields and blurs the
   * localised velocity of the flow. Default: Glorot and zero biases.
   */
  readonly firstLayerScale?: number;
  /**
   * Hidden activation: "tanh" (default) or "bump" (e^{−s²}). Why bump: a regression step moves G by
   * the network's tangent kernel K(z, z′) applied to the residual; tanh units are steps, so K is
   * non-local and the move at |z| ≈ 1 drags the particles at z ≈ 0 along, while bump units keep it local.
   */
  readonly activation?: "tanh" | "bump";
}

function checkGeneratorOptions(o: GeneratorOptions): void {
  const where = "generator";
  positiveInt(where, "dim", o.dim);
  positiveIntList(where, "hidden", o.hidden);
  optional(finitePositive)(where, "firstLayerScale", o.firstLayerScale);
  optional(oneOf(["tanh", "bump"]))(where, "activation", o.activation);
  optional(oneOf(["zero", "glorot"]))(where, "outputInit", o.outputInit);
  integer(where, "seed", o.seed);
}

/**
 * The firstLayerScale layer: weights N(0, s²), biases b = −w·c with c ~ U(−3, 3) per unit, so each
 * unit's transition sits somewhere in the noise range (drawn weights first, then the centres).
 */
function centredLayer(r: Rng, fin: number, fout: number, scale: number, name: string): [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>] {
  const values = Float32Array.from(r.normalArray(fin * fout, 0, scale));
  const bias = new Float32Array(fout);
  for (let j = 0; j < fout; j++) {
    const c = -3 + 6 * r.uniform();
    let wz = 0;
    for (let i = 0; i < fin; i++) wz += (values[i * fout + j] as number) * c;
    bias[j] = -wz;
  }
  // tidy frees the initial values, which tf.variable would otherwise keep counted
  return tf.tidy(() => [tf.variable(tf.tensor2d(values, [fin, fout]), true, `${name}w`), tf.variable(tf.tensor1d(bias), true, `${name}b`)]);
}

/** the layers' weights and biases: Glorot (src/nets), the centred first layer, or the zero output layer */
function initLayers(opts: GeneratorOptions): { ws: tf.Variable<tf.Rank.R2>[]; bs: tf.Variable<tf.Rank.R1>[] } {
  const r = rng(opts.seed);
  const prefix = namePrefix("gen");
  const widths = [opts.dim, ...opts.hidden, opts.dim];
  const ws: tf.Variable<tf.Rank.R2>[] = [], bs: tf.Variable<tf.Rank.R1>[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const fin = widths[l] as number, fout = widths[l + 1] as number;
    const name = `${prefix}${l}`;
    if (l + 2 === widths.length && (opts.outputInit ?? "zero") === "zero") {
      // the last layer draws nothing: no later layer's draws depend on it
      ws.push(tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R2>([fin, fout]), true, `${name}w`)));
      bs.push(zeroBias(fout, `${name}b`));
    } else if (l === 0 && opts.firstLayerScale !== undefined) {
      const [w, b] = centredLayer(r, fin, fout, opts.firstLayerScale, name);
      ws.push(w);
      bs.push(b);
    } else {
      ws.push(glorot(r, fin, fout, `${name}w`));
      bs.push(zeroBias(fout, `${name}b`));
    }
  }
  return { ws, bs };
}

export function residualGenerator(opts: GeneratorOptions): Generator {
  checkGeneratorOptions(opts);
  const { ws, bs } = initLayers(opts);
  const vars: tf.Variable[] = ws.flatMap((w, l) => [w, bs[l] as tf.Variable]);
  const bump = (opts.activation ?? "tanh") === "bump";
  const act = (lin: tf.Tensor2D): tf.Tensor2D => (bump ? tf.exp(tf.neg(tf.square(lin))) : tf.tanh(lin));
  const checkZ = (z: tf.Tensor2D): void => {
    if (z.rank !== 2 || z.shape[1] !== opts.dim) throw new Error(`generator: z must have shape [n, ${opts.dim}], got [${z.shape.join(", ")}]`);
  };
  const hiddenOf = (z: tf.Tensor2D): tf.Tensor2D => {
    let h: tf.Tensor2D = z;
    for (let l = 0; l + 1 < ws.length; l++) h = act(tf.add(tf.matMul(h, ws[l] as tf.Tensor2D), bs[l] as tf.Tensor) as tf.Tensor2D);
    return h;
  };
  const outW = ws[ws.length - 1] as tf.Variable<tf.Rank.R2>, outB = bs[bs.length - 1] as tf.Variable<tf.Rank.R1>;
  const apply = (z: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      checkZ(z);
      return tf.add(z, tf.add(tf.matMul(hiddenOf(z), outW), outB));
    });
  const features = (z: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => { checkZ(z); return hiddenOf(z); });
  const shiftOutput = (dw: tf.Tensor2D, db: tf.Tensor1D): void => {
    if (dw.shape[0] !== outW.shape[0] || dw.shape[1] !== outW.shape[1] || db.shape[0] !== outB.shape[0]) {
      throw new Error(`generator.shiftOutput: expected [${outW.shape.join(", ")}] and [${outB.shape[0]}], got [${dw.shape.join(", ")}] and [${db.shape[0]}]`);
    }
    tf.tidy(() => { outW.assign(tf.add(outW, dw)); outB.assign(tf.add(outB, db)); });
  };
  return {
    dim: opts.dim,
    vars,
    apply,
    features,
    shiftOutput,
    snapshot: () => vars.map((v) => v.dataSync() as Float32Array).map((a) => Float32Array.from(a)),
    load(weights) {
      if (weights.length !== vars.length) throw new Error(`generator.load: expected ${vars.length} arrays, got ${weights.length}`);
      vars.forEach((v, i) => {
        const w = weights[i] as Float32Array;
        if (w.length !== v.size) throw new Error(`generator.load: weights[${i}] has ${w.length} values, the variable ${v.size}`);
        tf.tidy(() => v.assign(tf.tensor(w, v.shape)));
      });
    },
    dispose: () => vars.forEach((v) => v.dispose()),
  };
}
