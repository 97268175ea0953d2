import { deriveSeed } from "../random";
import { adversarialIteration, jointIteration, type Model } from "../schemes";
import { alternation, runLoop, type HistoryRow, type Logs } from "../train";
import type { SolveOptions } from "./options";

export interface Trained {
  readonly history: HistoryRow[];
  /** training wall time, evaluations excluded */
  readonly seconds: number;
}

/**
 * The outer loop of either scheme on src/train's runLoop: geometric learning-rate decay of both
 * players, sampling from the named stream "sampling", history rows of plain numbers every logEvery
 * iterations, metrics every evalEvery (their cost is excluded from train_s).
 */
export function trainModel(model: Model, o: SolveOptions, evaluate: () => Record<string, number>): Trained {
  const order = alternation({ value: o.kU, density: o.kM });
  const history: HistoryRow[] = [];
  const last = o.iterations - 1;
  let evalMs = 0;
  const t0 = performance.now();
  runLoop({
    seed: deriveSeed(o.seed, "sampling"), steps: o.iterations, lr: 1, logEvery: o.iterations,
    ...(o.lrDecay < 1 ? { lrFinal: o.lrDecay } : {}),
  }, (i, ctx) => {
    const lrU = o.lrU * ctx.lrFactor;
    const lrM = o.lrM * ctx.lrFactor;
    model.value.setLearningRate(lrU);
    model.density.setLearningRate(lrM);
    const logs: Logs = o.scheme === "joint" ? jointIteration(model, ctx.rng, i) : adversarialIteration(model, ctx.rng, i, order);
    const row: Logs = { iteration: i + 1, ...logs, lrU, lrM, train_s: (performance.now() - t0 - evalMs) / 1000 };
    const evalNow = o.evalEvery > 0 && ((i + 1) % o.evalEvery === 0 || i === last);
    if (evalNow) {
      const e0 = performance.now();
      Object.assign(row, evaluate());
      evalMs += performance.now() - e0;
    }
    if (evalNow || i % o.logEvery === 0 || i === last) history.push(row);
    o.onStep?.(i, row);
    return logs;
  });
  return { history, seconds: (performance.now() - t0 - evalMs) / 1000 };
}
