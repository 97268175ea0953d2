import { initBackend } from "../backend";
import type { HistoryRow } from "../train";
import { type JobPool, jobsOf } from "../parallel";
import { type DimensionStudy, type GameMaker, type GameStudy, type StudyOptions, assembleStudy, studyDimension } from "./games-experiment";
import { type GanRow, MixtureGan, type MixtureGanConfig, trainMixtureGan } from "./gan-mixture";
import { polyGameA, polyGameB } from "./poly-game";

// The notebook's independent runs as jobs for src/parallel (functions cannot cross threads, so games are named).

/** the game families by name */
export const GAMES = { a: polyGameA, b: polyGameB } as const satisfies Record<string, GameMaker>;
export type GameName = keyof typeof GAMES;

const here = jobsOf(__filename);

export function studyDimensionJob(arg: { game: GameName; d: number; options: StudyOptions }): DimensionStudy {
  const make = GAMES[arg.game];
  if (make === undefined) throw new Error(`studyDimensionJob: game must be one of ${Object.keys(GAMES).join(", ")}, got "${String(arg.game)}"`);
  return studyDimension(make, arg.d, arg.options);
}

/**
 * Each game's study (studyGame's protocol and result), its dimensions run as jobs on the pool: every
 * game's dimensions are queued together, largest d first (the longest jobs first keeps the threads
 * evenly busy), and assembled in the order of `options.dims`.
 */
export async function studyGamesOn(pool: JobPool, games: readonly GameName[], options: StudyOptions,
  onDone?: (done: number, total: number) => void): Promise<Map<GameName, GameStudy>> {
  const byD = [...options.dims].sort((a, b) => b - a);
  const args = byD.flatMap((d) => games.map((game) => ({ game, d, options })));
  const parts = await pool.map<(typeof args)[number], DimensionStudy>(here("studyDimensionJob"), args, onDone);
  return new Map(games.map((g) => [g, assembleStudy(options.dims, parts.filter((_, i) => args[i]?.game === g))]));
}

/** a trained mixture, as plain data: the training record, the final weights, its evaluation and samples, and the untrained mixture's evaluation (the trivial baseline) */
export interface MixtureGanSummary {
  readonly rows: GanRow[];
  readonly history: readonly HistoryRow[];
  readonly msPerStep: number;
  readonly w: number[];
  readonly final: ReturnType<MixtureGan["evaluate"]>;
  /** the same evaluation (same n and seed) of the networks at initialisation */
  readonly initial: ReturnType<MixtureGan["evaluate"]>;
  readonly samples: { xy: Float32Array; component: Int32Array };
}

export interface MixtureGanJobArg {
  readonly config: MixtureGanConfig;
  readonly evalEvery: number;
  readonly evalSamples: number;
  /** the final evaluation and samples: n and the seed of their stream */
  readonly finalSamples: number;
  readonly finalSeed: number;
}

/** the untrained mixture's evaluation, trainMixtureGan, then the final evaluation and samples; the networks are freed */
export async function mixtureGanJob(arg: MixtureGanJobArg, progress?: (message: string) => void): Promise<MixtureGanSummary> {
  await initBackend();
  // a separate copy at initialisation (same seed, same weights): training does not see it (its stream is its own)
  const untrained = new MixtureGan(arg.config);
  const initial = untrained.evaluate(arg.finalSamples, arg.finalSeed);
  untrained.dispose();
  const run = trainMixtureGan(arg.config, arg.evalEvery, arg.evalSamples,
    (r) => progress?.(`update ${r.genStep}: loglik ${r.loglik.toFixed(2)}, modes ${r.modes}`));
  try {
    return { rows: run.rows, history: run.history, msPerStep: run.msPerStep, w: Array.from(run.gan.w),
      final: run.gan.evaluate(arg.finalSamples, arg.finalSeed), initial, samples: run.gan.sample(arg.finalSamples, arg.finalSeed) };
  } finally {
    run.gan.dispose();
  }
}

/** mixtureGanJob on the pool, one job per argument, results in order */
export function mixtureGansOn(pool: JobPool, args: readonly MixtureGanJobArg[], onDone?: (done: number, total: number) => void): Promise<MixtureGanSummary[]> {
  return pool.map<MixtureGanJobArg, MixtureGanSummary>(here("mixtureGanJob"), args, onDone);
}
