import type * as dfd from "danfojs-node";
import type * as tf from "@tensorflow/tfjs";
import { rowsToFrame } from "../frames";
import { rng, type Rng } from "../random";
import { adamPlayer, type Logs, type LossTerms } from "./player";
import { constantLr, exponentialLr, type LrSchedule } from "./schedule";

export interface LoopConfig {
  /** seeds the loop's Rng (fresh samples each step come from it) */
  readonly seed: number;
  readonly steps: number;
  /** learning rate at step 0 */
  readonly lr: number;
  /** learning rate at the last step (geometric decay from lr); omitted = constant lr */
  readonly lrFinal?: number;
  /** fraction of the steps run at lr before the decay to lrFinal starts (default 0) */
  readonly lrHold?: number;
  /** a history row every logEvery steps (and at the last step) */
  readonly logEvery: number;
  /** called after every step with plain numbers (the step's terms, lr, time_s) */
  readonly onStep?: (i: number, logs: Logs) => void;
}

export const defaultLoopConfig: LoopConfig = { seed: 0, steps: 1000, lr: 1e-3, logEvery: 100 };

export interface StepContext {
  readonly rng: Rng;
  /** the scheduled learning rate of this step */
  readonly lr: number;
  /** lr / config.lr: players with their own base rates scale by it */
  readonly lrFactor: number;
}

/** one iteration of a loop: does its players' steps and returns their numbers */
export type StepFn = (i: number, ctx: StepContext) => Logs;

export type HistoryRow = Readonly<Record<string, number>>;

export interface TrainResult {
  /** rows {step, ...terms, lr, time_s} every logEvery steps and at the last step */
  readonly history: readonly HistoryRow[];
  readonly frame: dfd.DataFrame;
  /** the logs of the last step */
  readonly final: Logs;
  readonly seconds: number;
  readonly msPerStep: number;
}

export function resolveLoopConfig(partial: Partial<LoopConfig> = {}): LoopConfig {
  const c: LoopConfig = { ...defaultLoopConfig, ...partial };
  const positiveInt = (v: number, k: string): void => {
    if (!Number.isInteger(v) || v <= 0) throw new Error(`loop config: ${k} must be a positive integer, got ${v}`);
  };
  positiveInt(c.steps, "steps");
  positiveInt(c.logEvery, "logEvery");
  if (!Number.isInteger(c.seed)) throw new Error(`loop config: seed must be an integer, got ${c.seed}`);
  if (!(c.lr > 0) || !Number.isFinite(c.lr)) throw new Error(`loop config: lr must be finite and > 0, got ${c.lr}`);
  if (c.lrFinal !== undefined && (!(c.lrFinal > 0) || !Number.isFinite(c.lrFinal))) {
    throw new Error(`loop config: lrFinal must be finite and > 0, got ${c.lrFinal}`);
  }
  if (c.lrHold !== undefined && !(c.lrHold >= 0 && c.lrHold < 1)) throw new Error(`loop config: lrHold must be in [0, 1), got ${c.lrHold}`);
  return c;
}

export function scheduleOf(c: LoopConfig): LrSchedule {
  return c.lrFinal === undefined ? constantLr(c.lr) : exponentialLr(c.lr, c.lrFinal, c.steps, c.lrHold ?? 0);
}

/**
 * The generic loop: runs step(i, ctx) for i = 0..steps-1 and records history. Multi-player schemes
 * (GAN-style alternation) are a step function calling several players' step().
 */
export function runLoop(config: Partial<LoopConfig>, step: StepFn): TrainResult {
  const c = resolveLoopConfig(config);
  const schedule = scheduleOf(c);
  const r = rng(c.seed);
  const history: HistoryRow[] = [];
  const t0 = performance.now();
  let final: Logs = {};
  for (let i = 0; i < c.steps; i++) {
    const lr = schedule(i);
    const logs = step(i, { rng: r, lr, lrFactor: lr / c.lr });
    final = { ...logs, lr, time_s: (performance.now() - t0) / 1000 };
    if (i % c.logEvery === 0 || i === c.steps - 1) history.push({ step: i, ...final });
    c.onStep?.(i, final);
  }
  const seconds = (performance.now() - t0) / 1000;
  // the frame is made when first read: building it loads danfo (~2 s), which most runs never need
  let frame: dfd.DataFrame | undefined;
  return { history, get frame() { return (frame ??= rowsToFrame(history)); }, final, seconds, msPerStep: (1000 * seconds) / c.steps };
}

export interface FitOptions extends Partial<LoopConfig> {
  readonly vars: readonly tf.Variable[];
  /** builds the loss of step i; draw fresh samples from ctx.rng inside it (they are tidied) */
  readonly loss: (ctx: StepContext & { readonly step: number }) => LossTerms;
  readonly name?: string;
}

/** single-player training: one Adam over vars, scheduled lr, history; the optimiser is disposed after */
export function fit(opts: FitOptions): TrainResult {
  const { vars, loss, name, ...config } = opts;
  const c = resolveLoopConfig(config);
  const player = adamPlayer({ name: name ?? "net", vars, lr: c.lr });
  try {
    return runLoop(c, (i, ctx) => {
      player.setLearningRate(ctx.lr);
      return player.step(() => loss({ ...ctx, step: i }), i);
    });
  } finally {
    player.dispose();
  }
}
