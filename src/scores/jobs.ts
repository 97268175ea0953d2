import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend";
import { type JobPool, jobsOf } from "../parallel";
import type { HistoryRow, Logs } from "../train";
import { evaluateScore, type ScoreMetrics } from "./evaluate";
import type { ScoreEvalSet } from "./eval-set";
import { scorePotential, type ScorePotential } from "./potential";
import { trainScore, type ScoreTrainOptions } from "./train";

// One trained-and-evaluated score model as a job for src/parallel: the notebook's trainings are
// independent (each seeds its own streams), so they can run on worker threads. Functions and tensors
// cannot cross threads: a job takes plain options and returns plain data, the weights included.

/** trainScore's options without the callbacks (what can cross a thread) */
export type ScoreJobOptions = Omit<ScoreTrainOptions, "onStep">;

export interface ScoreJobArg {
  readonly train: ScoreJobOptions;
  /** the evaluation set the model is measured on (plain data: typed arrays) */
  readonly set: ScoreEvalSet;
}

/** a trained score model as plain data */
export interface ScoreJobResult {
  readonly metrics: ScoreMetrics;
  readonly history: readonly HistoryRow[];
  readonly final: Logs;
  readonly seconds: number;
  readonly msPerStep: number;
  /** ψ_θ's network variables in `vars` order (restore with restoreScorePotential) */
  readonly weights: Float32Array[];
}

/** trainScore, then evaluateScore on the set; the potential is freed, its weights returned */
export async function trainScoreJob(arg: ScoreJobArg, progress?: (message: string) => void): Promise<ScoreJobResult> {
  await initBackend();
  const every = Math.max(1, Math.round(arg.train.steps / 20));
  const trained = trainScore({
    ...arg.train,
    onStep: (i, logs) => { if (i % every === 0) progress?.(`step ${i + 1}/${arg.train.steps}  dsm ${(logs.dsm ?? NaN).toFixed(4)}`); },
  });
  try {
    const t = trained.train;
    return {
      metrics: evaluateScore(trained.potential, arg.set), history: t.history, final: t.final, seconds: t.seconds, msPerStep: t.msPerStep,
      weights: trained.potential.vars.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
    };
  } finally {
    trained.potential.dispose();
  }
}

/**
 * The potential a job trained, rebuilt from its weights (same architecture as trainScore's: d from
 * the data, T and hidden from the options); the caller disposes it.
 */
export function restoreScorePotential(o: ScoreJobOptions, weights: readonly Float32Array[]): ScorePotential {
  const p = scorePotential({ d: o.data.means[0]?.length ?? 0, T: o.T, hidden: o.hidden, seed: 0 });
  const bad = weights.length !== p.vars.length ? `${weights.length} weight arrays for a potential with ${p.vars.length} variables`
    : p.vars.map((v, i) => (weights[i]?.length === v.size ? "" : `variable ${i} has ${v.size} entries, got ${weights[i]?.length}`)).find((m) => m !== "");
  if (bad !== undefined) {
    p.dispose();
    throw new Error(`restoreScorePotential: ${bad} (hidden ${JSON.stringify(o.hidden)})`);
  }
  tf.tidy(() => p.vars.forEach((v, i) => v.assign(tf.tensor(weights[i] as Float32Array, v.shape))));
  return p;
}

const here = jobsOf(__filename);

/**
 * trainScoreJob on the pool, one job per argument, results in the arguments' order. The jobs are
 * queued longest first (steps, doubled for the STF target, which costs about 2-3x a DSM step), which
 * keeps the threads evenly busy; the schedule does not change any result.
 */
export async function trainScoresOn(pool: JobPool, args: readonly ScoreJobArg[], onDone?: (done: number, total: number) => void): Promise<ScoreJobResult[]> {
  const cost = (a: ScoreJobArg): number => a.train.steps * (a.train.target === "stf" ? 2 : 1);
  const order = args.map((_, i) => i).sort((i, j) => cost(args[j] as ScoreJobArg) - cost(args[i] as ScoreJobArg) || i - j);
  const done = await pool.map<ScoreJobArg, ScoreJobResult>(here("trainScoreJob"), order.map((i) => args[i] as ScoreJobArg), onDone);
  const out = new Array<ScoreJobResult>(args.length);
  order.forEach((i, k) => { out[i] = done[k] as ScoreJobResult; });
  return out;
}
