import * as tf from "@tensorflow/tfjs";
import { finiteNonNegative, finitePositive, oneOf, positiveInt } from "../config/validate";
import { gaussianMixture } from "../domains";
import type { IsoMixture } from "../domains";
import { deriveSeed, rng, type Rng } from "../random";
import { adamPlayer, runLoop, type Logs, type TrainResult } from "../train";
import { dsmLoss, hjbPenalty, scoreHjbResidualTensor } from "./losses";
import { disposeBatch, noiseBatch } from "./noising";
import { scorePotential, type ScorePotential } from "./potential";

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

/** B0 / B1 on the generic loop: one Adam player over ψ_θ's variables, a noised batch per step */
export function trainScore(o: ScoreTrainOptions): TrainedScore {
  const where = "trainScore";
  const d = o.data.means[0]?.length ?? 0;
  positiveInt(where, "batch", o.batch);
  positiveInt(where, "trainSize", o.trainSize);
  finiteNonNegative(where, "gamma", o.gamma);
  finitePositive(where, "t0", o.t0);
  oneOf(DATA_REGIMES)(where, "regime", o.regime);
  const potential = scorePotential({ d, T: o.T, hidden: o.hidden, seed: deriveSeed(o.seed, "init:score") });
  const player = adamPlayer({ name: o.gamma > 0 ? "score B1" : "score B0", vars: potential.vars, lr: o.lr });
  const src = dataSource(o, d);
  try {
    const train = runLoop({
      seed: deriveSeed(o.seed, "batches"), steps: o.steps, lr: o.lr, ...(o.lrFinal === undefined ? {} : { lrFinal: o.lrFinal }),
      logEvery: o.logEvery ?? Math.max(1, Math.round(o.steps / 50)), ...(o.onStep === undefined ? {} : { onStep: o.onStep }),
    }, (i, ctx) => {
      player.setLearningRate(ctx.lr);
      const x0 = src.rows(ctx.rng);
      const b = noiseBatch(x0, ctx.rng, o.t0, o.T, o.timePower ?? 1);
      x0.dispose();
      try {
        return player.step(() => {
          const psi = potential.jet(b.s);
          const x = tf.slice(b.s, [0, 1], [o.batch, d]);
          const dsm = dsmLoss(psi, b.sigma, b.eps);
          const hjb = hjbPenalty(scoreHjbResidualTensor(psi, x), b.sigma);
          return { total: o.gamma > 0 ? (tf.add(dsm, tf.mul(hjb, o.gamma)) as tf.Scalar) : dsm, terms: { dsm, hjb } };
        }, i);
      } finally {
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
