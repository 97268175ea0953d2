import { intAtLeast, positiveInt } from "../config";
import { rk4, type VectorField } from "../integrate";
import { rng } from "../random";
import type { TradingReference } from "./reference";

export interface InventorySimulation {
  /** simulation times t_k = kT/steps */
  readonly t: readonly number[];
  /** empirical mean and standard deviation of Q_t, and mean of the control v̂(t, Q_t) */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly meanRate: readonly number[];
  readonly paths: number;
}

/**
 * Each trader follows the equilibrium feedback dQ = v̂(t,Q) dt, v̂ = (h₁ − h₂Q)/(2κ), from
 * Q₀ ~ m₀ (RK4 of src/integrate, all paths as one state vector). The empirical law must reproduce
 * q̄_t, s_t and v̄_t of the reduction.
 */
export function simulateInventories(ref: TradingReference, opts: { paths: number; steps: number; seed: number }): InventorySimulation {
  const { paths, steps, seed } = opts;
  intAtLeast(2)("simulateInventories", "paths", paths);
  positiveInt("simulateInventories", "steps", steps);
  const p = ref.params;
  const q = rng(seed).normalArray(paths, p.mu0, p.s0);
  const dt = p.T / steps;
  const t: number[] = [];
  const mean: number[] = [];
  const std: number[] = [];
  const meanRate: number[] = [];
  const record = (k: number, qk: Float64Array): void => {
    const tk = k * dt;
    const st = ref.at(tk);
    let s1 = 0;
    let s2 = 0;
    let sv = 0;
    for (const x of qk) {
      s1 += x;
      s2 += x * x;
      sv += (st.h1 - st.h2 * x) / (2 * p.kappa);
    }
    const m = s1 / paths;
    t.push(tk);
    mean.push(m);
    std.push(Math.sqrt(Math.max(0, (s2 - paths * m * m) / (paths - 1))));
    meanRate.push(sv / paths);
  };
  // the control is affine in q, so one state lookup per stage time serves every path
  const field: VectorField = (tk, x, out) => {
    const st = ref.at(tk);
    for (let i = 0; i < paths; i++) out[i] = (st.h1 - st.h2 * (x[i] as number)) / (2 * p.kappa);
  };
  rk4(field, q, { t0: 0, t1: p.T, steps }, (k, _, x) => record(k, x));
  return { t, mean, std, meanRate, paths };
}
