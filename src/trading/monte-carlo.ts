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
 * Q₀ ~ m₀ (RK4 per path). The empirical law must reproduce q̄_t, s_t and v̄_t of the reduction.
 */
export function simulateInventories(ref: TradingReference, opts: { paths: number; steps: number; seed: number }): InventorySimulation {
  const { paths, steps, seed } = opts;
  if (!Number.isInteger(paths) || paths < 2) throw new Error(`simulateInventories: paths must be an integer >= 2, got ${paths}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`simulateInventories: steps must be a positive integer, got ${steps}`);
  const p = ref.params;
  const q = rng(seed).normalArray(paths, p.mu0, p.s0);
  const dt = p.T / steps;
  const t: number[] = [];
  const mean: number[] = [];
  const std: number[] = [];
  const meanRate: number[] = [];
  const record = (k: number): void => {
    const tk = k * dt;
    const st = ref.at(tk);
    let s1 = 0;
    let s2 = 0;
    let sv = 0;
    for (const x of q) {
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
  record(0);
  for (let k = 0; k < steps; k++) {
    const t0 = k * dt;
    // the control is affine in q, so one state lookup per stage time serves every path
    const [a, b, c] = [ref.at(t0), ref.at(t0 + dt / 2), ref.at(t0 + dt)];
    const v = (s: typeof a, x: number): number => (s.h1 - s.h2 * x) / (2 * p.kappa);
    for (let i = 0; i < paths; i++) {
      const x = q[i]!;
      const k1 = v(a, x);
      const k2 = v(b, x + (dt / 2) * k1);
      const k3 = v(b, x + (dt / 2) * k2);
      const k4 = v(c, x + dt * k3);
      q[i] = x + (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    record(k + 1);
  }
  return { t, mean, std, meanRate, paths };
}
