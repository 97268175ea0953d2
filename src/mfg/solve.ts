import * as tf from "@tensorflow/tfjs";
import { netJet } from "../fields";
import type { HistoryRow } from "../train";
import { ergodicFields, ergodicMetrics, type ErgodicFields } from "./ergodic-eval";
import { ergodicModel } from "./ergodic-model";
import { trainModel } from "./engine";
import { solverNets } from "./nets";
import { resolveOptions, type SolveOptions } from "./options";
import { solveFiniteHorizon } from "./fh-solve";
import type { ErgodicProblem, Problem } from "./types";

/** A solved problem: the learned fields, λ, the history and the metrics against `exact`. */
export interface MfgRun {
  readonly problem: Problem;
  readonly options: SolveOptions;
  /** rows of plain numbers: iteration, the players' loss terms, λ, learning rates, train_s, metrics when evaluated */
  readonly history: readonly HistoryRow[];
  /** the ergodic constant (undefined in finite horizon) */
  readonly lambda: number | undefined;
  /** training wall time (evaluations excluded) */
  readonly seconds: number;
  /** u at rows x, [n,1] (ergodic: ∫u = 0) */
  u(x: tf.Tensor2D): tf.Tensor2D;
  /** m at rows x, [n,1], normalised (ergodic ∫m = 1; finite horizon ∫m(t,·) = 1 at every t) */
  m(x: tf.Tensor2D): tf.Tensor2D;
  /** the equilibrium feedback −∂ₚH(x, ∇u(x)) at rows x, [n,d]: a player's optimal drift (crowd trading's v̂) */
  control(x: tf.Tensor2D): tf.Tensor2D;
  /** rel_l2_u, rel_l2_m, lambda_abs_error (those `exact` allows), hjb_rms, fp_rms */
  metrics(): Record<string, number>;
  /** a mean-field term E_{m(t,·)}[φ(x, ∇u)] at times t (finite horizon) */
  meanField(name: string, times: readonly number[]): number[];
  /** frees the nets the solver built, the optimisers and λ (never nets passed in options) */
  dispose(): void;
}

/** Solves a problem from mfg.ergodic / mfg.finiteHorizon with the chosen scheme. */
export async function solve(problem: Problem, options: Partial<SolveOptions> = {}): Promise<MfgRun> {
  if (problem === null || typeof problem !== "object" || (problem.kind !== "ergodic" && problem.kind !== "finite-horizon")) {
    throw new Error("mfg.solve: problem must come from mfg.ergodic(spec) or mfg.finiteHorizon(spec)");
  }
  const o = resolveOptions(problem, options);
  return problem.kind === "ergodic" ? solveErgodic(problem, o) : solveFiniteHorizon(problem, o);
}

/**
 * The metrics of the nets `solve` would start from (same options, same seed streams, λ = lambdaInit),
 * before any training: the "network at initialisation" baseline. With readout "zero" these nets are
 * u ≡ 0, m ≡ 1, so the result is the trivial baseline (rel L2 u = 1, m ≡ uniform, λ = 0). Ergodic only.
 */
export function metricsAtInit(problem: Problem, options: Partial<SolveOptions> = {}): Record<string, number> {
  if (problem === null || typeof problem !== "object" || problem.kind !== "ergodic") {
    throw new Error("mfg.metricsAtInit: problem must come from mfg.ergodic(spec)");
  }
  const o = resolveOptions(problem, options);
  const nets = solverNets(o, problem.d, true, false);
  try {
    const f = ergodicFields(problem, o.seed, nets.value, nets.density, o.lambdaInit);
    return ergodicMetrics(problem, o.seed, o.evalPoints, nets.value, nets.density, f);
  } finally {
    nets.dispose();
  }
}

function solveErgodic(problem: ErgodicProblem, o: SolveOptions): MfgRun {
  const nets = solverNets(o, problem.d, true, false);
  const model = ergodicModel(problem, o, nets);
  const { value, density } = nets;
  const fieldsNow = (): ErgodicFields => ergodicFields(problem, o.seed, value, density, model.lambda());
  const dispose = (): void => {
    model.dispose();
    nets.dispose();
  };
  // the evaluation after the last iteration (evalEvery > 0) is what metrics() would recompute: keep it
  let final: { fields: ErgodicFields; metrics: Record<string, number> } | undefined;
  const evaluate = (): Record<string, number> => {
    const fields = fieldsNow();
    final = { fields, metrics: ergodicMetrics(problem, o.seed, o.evalPoints, value, density, fields) };
    return final.metrics;
  };
  try {
    const trained = trainModel(model, o, evaluate);
    const f = final?.fields ?? fieldsNow();
    const metrics = final?.metrics;
    return {
      problem, options: o, history: trained.history, lambda: f.lambda, seconds: trained.seconds,
      u: (x) => tf.tidy(() => tf.sub(value.apply(x), f.uMean) as tf.Tensor2D),
      m: (x) => tf.tidy(() => tf.exp(tf.sub(density.apply(x), f.logZ)) as tf.Tensor2D),
      control: (x) => tf.tidy(() => tf.neg(problem.spec.hamiltonian.dpH(x, netJet(value, x).grad)) as tf.Tensor2D),
      metrics: () => ({ ...(metrics ?? ergodicMetrics(problem, o.seed, o.evalPoints, value, density, f)) }),
      meanField: () => {
        throw new Error("run.meanField: ergodic problems have no time-dependent mean field");
      },
      dispose,
    };
  } catch (e) {
    dispose();
    throw e;
  }
}
