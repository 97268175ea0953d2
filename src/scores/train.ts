import * as tf from "@tensorflow/tfjs";
import { finiteNonNegative, finitePositive, oneOf, positiveInt } from "../config/validate";
import { gaussianMixture } from "../domains";
import type { IsoMixture } from "../domains";
import { deriveSeed, rng, type Rng } from "../random";
import { adamPlayer, runLoop, type Logs, type TrainResult } from "../train";
import { dsmLoss, hjbPenalty, scoreHjbResidualTensor } from "./losses";
import { disposeBatch, noiseBatch, type NoisedBatch } from "./noising";
import { scorePotential, type ScorePotential } from "./potential";
import { exactTargetNoise, SCORE_TARGETS, stableTargetNoise, type ScoreTarget } from "./targets";

/** fresh: new data points every step; fixed: a training set of `trainSize` points drawn once */
export type DataRegime = "fresh" | "fixed";
export const DATA_REGIMES: readonly DataRegime[] = ["fresh", "fixed"];

export interface ScoreTrainOptions {
  readonly data: IsoMixture;
  readonly t0: number;
  readonly T: number;
  /** the HJB weight γ: 0 is B0 (DSM only), γ > 0 is B1 (DSM + γ E[σ⁴R²]) */
  readonly gamma: number;
  readonly regime: DataRegime;
  /** training times t = t₀ + (T − t₀)u^timePower, u uniform (default 1: t uniform) */
  readonly timePower?: number;
  /** size of the fixed training set (regime "fixed") */
  readonly trainSize: number;
  readonly hidden: readonly number[];
  readonly steps: number;
  readonly batch: number;
  readonly lr: number;
  readonly lrFinal?: number;
  /**
   * the DSM regression target (targets.ts): "dsm" the sample's own noise (default, the loss as
   * written), "stf" the stable target field over a reference set, "exact" the closed-form score
   * (an oracle, for the ablation only). The batches (x₀, t, ε) are the same for every target.
   */
  readonly target?: ScoreTarget;
  /**
   * STF's reference set per step: with fresh data, the batch's own x₀ plus stfReference − batch
   * fresh draws of their own stream (default 2048); with a fixed set, the whole set (this is ignored)
   */
  readonly stfReference?: number;
  readonly seed: number;
  readonly logEvery?: number;
  readonly onStep?: (i: number, logs: Logs) => void;
}

export interface TrainedScore {
  readonly potential: ScorePotential;
  readonly train: TrainResult;
  /** the fixed training set (row-major, regime "fixed"), for the memorisation check */
  readonly trainSet?: Float32Array;
}

/** the data rows of one step: fresh draws, or draws with replacement from the fixed set */
function dataSource(o: ScoreTrainOptions, d: number): { rows: (r: Rng) => tf.Tensor2D; set?: tf.Tensor2D } {
  if (o.regime === "fresh") return { rows: (r) => gaussianMixture(r, o.batch, o.data) };
  const set = gaussianMixture(rng(deriveSeed(o.seed, "data:train-set")), o.trainSize, o.data);
  return {
    set,
    rows: (r) => tf.tidy(() => tf.gather(set, tf.tensor1d(Int32Array.from({ length: o.batch }, () => r.int(o.trainSize)), "int32")) as tf.Tensor2D),
  };
}

/** ε̂ [n,d] of the batch for the target (targets.ts); the batch's own ε for "dsm" */
function targetNoise(target: ScoreTarget, o: ScoreTrainOptions, b: NoisedBatch, x0: tf.Tensor2D, d: number, reference: (x0: Float32Array) => Float32Array): tf.Tensor2D {
  if (target === "dsm") return b.eps;
  const s = b.s.dataSync() as Float32Array, n = s.length / (d + 1);
  const t = new Float32Array(n), xt = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    t[i] = s[i * (d + 1)] as number;
    for (let k = 0; k < d; k++) xt[i * d + k] = s[i * (d + 1) + 1 + k] as number;
  }
  const rows = { t, xt };
  const noise = target === "stf" ? stableTargetNoise(rows, reference(x0.dataSync() as Float32Array), d) : exactTargetNoise(rows, o.data, d);
  return tf.tensor2d(noise, [n, d]);
}

/** STF's reference set for one step (see ScoreTrainOptions.stfReference) */
function stfReferenceSource(o: ScoreTrainOptions, set: tf.Tensor2D | undefined): (x0: Float32Array) => Float32Array {
  if (set !== undefined) {
    const all = set.dataSync() as Float32Array;
    return () => all;
  }
  const m = o.stfReference ?? 2048;
  positiveInt("trainScore", "stfReference", m);
  if (m < o.batch) throw new Error(`trainScore: stfReference (${m}) must be at least the batch (${o.batch}): the reference holds the batch's own points`);
  const r = rng(deriveSeed(o.seed, "stf:reference"));
  return (x0) => {
    const extra = m > o.batch ? tf.tidy(() => gaussianMixture(r, m - o.batch, o.data).dataSync() as Float32Array) : new Float32Array(0);
    const ref = new Float32Array(x0.length + extra.length);
    ref.set(x0);
    ref.set(extra, x0.length);
    return ref;
  };
}

/** B0 / B1 on the generic loop: one Adam player over ψ_θ's variables, a noised batch per step */
export function trainScore(o: ScoreTrainOptions): TrainedScore {
  const where = "trainScore";
  const d = o.data.means[0]?.length ?? 0;
  positiveInt(where, "batch", o.batch);
  positiveInt(where, "trainSize", o.trainSize);
  finiteNonNegative(where, "gamma", o.gamma);
  finitePositive(where, "t0", o.t0);
  oneOf(DATA_REGIMES)(where, "regime", o.regime);
  const target = o.target ?? "dsm";
  oneOf(SCORE_TARGETS)(where, "target", target);
  const potential = scorePotential({ d, T: o.T, hidden: o.hidden, seed: deriveSeed(o.seed, "init:score") });
  const player = adamPlayer({ name: o.gamma > 0 ? "score B1" : "score B0", vars: potential.vars, lr: o.lr });
  const src = dataSource(o, d);
  const reference = target === "stf" ? stfReferenceSource(o, src.set) : () => new Float32Array(0);
  try {
    const train = runLoop({
      seed: deriveSeed(o.seed, "batches"), steps: o.steps, lr: o.lr, ...(o.lrFinal === undefined ? {} : { lrFinal: o.lrFinal }),
      logEvery: o.logEvery ?? Math.max(1, Math.round(o.steps / 50)), ...(o.onStep === undefined ? {} : { onStep: o.onStep }),
    }, (i, ctx) => {
      player.setLearningRate(ctx.lr);
      const x0 = src.rows(ctx.rng);
      const b = noiseBatch(x0, ctx.rng, o.t0, o.T, o.timePower ?? 1);
      const eps = targetNoise(target, o, b, x0, d, reference);
      x0.dispose();
      try {
        return player.step(() => {
          const psi = potential.jet(b.s);
          const x = tf.slice(b.s, [0, 1], [o.batch, d]);
          const dsm = dsmLoss(psi, b.sigma, eps);
          const hjb = hjbPenalty(scoreHjbResidualTensor(psi, x), b.sigma);
          return { total: o.gamma > 0 ? (tf.add(dsm, tf.mul(hjb, o.gamma)) as tf.Scalar) : dsm, terms: { dsm, hjb } };
        }, i);
      } finally {
        if (eps !== b.eps) eps.dispose();
        disposeBatch(b);
      }
    });
    const trainSet = src.set?.dataSync() as Float32Array | undefined;
    return trainSet === undefined ? { potential, train } : { potential, train, trainSet };
  } catch (e) {
    potential.dispose();
    throw e;
  } finally {
    player.dispose();
    src.set?.dispose();
  }
}
