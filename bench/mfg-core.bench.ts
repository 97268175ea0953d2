/**
 * Time to accuracy of the mfg core at its DEFAULT options (no tuning per problem): wall seconds of
 * training (evaluations excluded) until every target holds, and the final numbers.
 *   mfg-t2-adversarial, mfg-t2-joint   ergodic T², H = |p|², ν = 0.4, log coupling, exact solution:
 *                                      rel L2 u ≤ 2e-2, rel L2 m ≤ 5e-2, |λ − λ*| ≤ 1e-2 (budget 5 min)
 *   mfg-trading-adversarial            crowd trading, T = κ = φ = γ = A = 1, μ₀ = 4, v̄ a mean-field
 *                                      term, against the Riccati/shooting reference of src/trading:
 *                                      |q̄_T − ref| ≤ 3e-2, |v̄₀ − ref| ≤ 0.1 (budget 10 min)
 * Options: --seeds 1,2,3 (default 1), --quick (a quarter of the iterations). Times depend on the
 * machine's load (reported with each result): compare them only within one run.
 */
import { loadavg } from "node:os";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/backend";
import { mfg } from "../src";
import type { HistoryRow } from "../src/train";
import { t2Spec, tradingReference2, tradingSpec, TRADING2 } from "../test/solver/mfg-fixtures";
import type { BenchContext } from "./types";

interface Case {
  readonly name: string;
  readonly budgetS: number;
  problem(): { problem: mfg.Problem; targets: (r: HistoryRow) => Record<string, number>; bounds: Record<string, number> };
  readonly options: Partial<mfg.SolveOptions>;
}

const ergodicTargets = (r: HistoryRow) => ({ rel_l2_u: r.rel_l2_u ?? NaN, rel_l2_m: r.rel_l2_m ?? NaN, lambda_abs_error: r.lambda_abs_error ?? NaN });

function tradingCase(): ReturnType<Case["problem"]> {
  const ref = tradingReference2();
  const qT = ref.at(TRADING2.T).qbar, v0 = ref.at(0).vbar;
  return {
    problem: mfg.finiteHorizon(tradingSpec(TRADING2, ref)),
    targets: (r) => ({ qbar_T_error: Math.abs((r.mean_x1_T ?? NaN) - qT), vbar_0_error: Math.abs((r.vbar_0 ?? NaN) - v0) }),
    bounds: { qbar_T_error: 3e-2, vbar_0_error: 0.1 },
  };
}

const CASES: readonly Case[] = [
  { name: "mfg-t2-adversarial", budgetS: 300, options: { scheme: "adversarial", evalEvery: 25 },
    problem: () => ({ problem: mfg.ergodic(t2Spec()), targets: ergodicTargets, bounds: { rel_l2_u: 2e-2, rel_l2_m: 5e-2, lambda_abs_error: 1e-2 } }) },
  { name: "mfg-t2-joint", budgetS: 300, options: { scheme: "joint", evalEvery: 50 },
    problem: () => ({ problem: mfg.ergodic(t2Spec()), targets: ergodicTargets, bounds: { rel_l2_u: 2e-2, rel_l2_m: 5e-2, lambda_abs_error: 1e-2 } }) },
  { name: "mfg-trading-adversarial", budgetS: 600, options: { scheme: "adversarial", evalEvery: 250 }, problem: tradingCase },
];

const round = (v: number): number => Number(v.toPrecision(4));

export async function run(ctx: BenchContext): Promise<void> {
  const backend = await initBackend();
  const seeds = (ctx.option("seeds") ?? "1").split(",").map(Number);
  for (const c of CASES) {
    if (!ctx.wants(c.name)) continue;
    for (const seed of seeds) {
      const { problem, targets, bounds } = c.problem();
      const full = mfg.defaultOptions(problem.kind, c.options.scheme ?? "adversarial").iterations;
      const iterations = ctx.quick ? Math.ceil(full / 4) : full;
      const load = loadavg()[0] as number;
      const r = await mfg.solve(problem, { ...c.options, seed, iterations });
      const met = (row: HistoryRow) => Object.entries(targets(row)).every(([k, v]) => v <= (bounds[k] as number));
      const hit = r.history.find((row) => row.rel_l2_u !== undefined || row.vbar_0 !== undefined ? met(row) : false);
      const last = r.history.at(-1) as HistoryRow;
      const final = Object.fromEntries(Object.entries(targets(last)).map(([k, v]) => [k, round(v)]));
      ctx.emit({
        case: c.name, backend, seed, iterations, train_s: round(r.seconds), budget_s: c.budgetS,
        time_to_target_s: hit === undefined ? null : round(hit.train_s as number), iteration_at_target: hit?.iteration ?? null,
        targets_met_at_end: met(last), ...final, load_average: round(load), tensors: tf.memory().numTensors,
      });
      r.dispose();
    }
  }
}
