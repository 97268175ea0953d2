import { linspace } from "../sampling";
import { relL2, supError } from "../metrics";
import type { LoopConfig } from "../train";
import type { BoundaryMode, SamplingMode } from "./dgm-loss";
import { referenceOn, type OdeProblem } from "./problem";
import { buildNet, evaluateOde, odeInitSeed, type NetSpec, type OdeEvaluation, type OdeSolveOptions } from "./solve";

/**
 * A training recipe for problem 1 as four factors. The slides' plain DGM minimises the residual at
 * uniform points with the boundary condition as a penalty, the raw input and a constant learning
 * rate; our tuned variant changes all four. Each factor can be set back alone (an ablation).
 */
export interface OdeRecipe {
  readonly boundary: BoundaryMode;
  readonly sampling: SamplingMode;
  readonly inputScale: number;
  /** "constant": lr throughout; "hold-decay": lr for lrHold of the steps, then geometric decay to lrFinal */
  readonly schedule: "constant" | "hold-decay";
}

export const plainRecipe: OdeRecipe = Object.freeze({ boundary: "penalty", sampling: "uniform", inputScale: 1, schedule: "constant" });
export const tunedRecipe: OdeRecipe = Object.freeze({ boundary: "hard", sampling: "power", inputScale: 2, schedule: "hold-decay" });

/** `base` with one factor taken from `other`, for each factor where they differ (src/config's oneAtATime) */
export { oneAtATime } from "../config";

export type OdeBudget = Pick<LoopConfig, "steps" | "lr" | "logEvery"> & { readonly lrFinal: number; readonly lrHold: number };

/** solve options of a recipe at a budget (a constant schedule drops lrFinal / lrHold) */
export function recipeOptions(recipe: OdeRecipe, budget: OdeBudget): OdeSolveOptions {
  const { lrFinal, lrHold, ...rest } = budget;
  const { schedule, ...trial } = recipe;
  return { ...rest, ...trial, ...(schedule === "hold-decay" ? { lrFinal, lrHold } : {}) };
}

export interface OdeBaselines {
  /** φ ≡ φ(a): the boundary value alone */
  readonly constant: { readonly rel_l2_error: number; readonly sup_error: number };
  /** the net of this seed before any training, read through the recipe's ansatz */
  readonly init: OdeEvaluation;
}

/** the trivial baselines every trained error is compared with, on the same 1000-point grid */
export function odeBaselines(problem: OdeProblem, net: NetSpec, seed: number, recipe: OdeRecipe, gridPoints = 1000): OdeBaselines {
  const x = Float64Array.from(Float32Array.from(linspace(problem.a, problem.b, gridPoints))); // evaluateOde's grid
  const ref = referenceOn(problem, x);
  const flat = new Float64Array(gridPoints).fill(problem.phi0);
  const n = buildNet(net, 1, odeInitSeed(seed));
  try {
    return {
      constant: { rel_l2_error: relL2(flat, ref), sup_error: supError(flat, ref) },
      init: evaluateOde(n, problem, recipe, gridPoints),
    };
  } finally {
    n.dispose();
  }
}
