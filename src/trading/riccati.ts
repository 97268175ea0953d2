import { positiveInt } from "../config";
import { rk4, scalarField } from "../integrate";
import type { TradingParams } from "./problem";

/**
 * h₂(t), the curvature of u = h₀ + h₁q − h₂q²/2, solving h₂' = h₂²/(2κ) − 2φ, h₂(T) = 2A,
 * in closed form. The tanh-type formula degenerates (0/0) at φ = 0, where 1/h₂ is affine instead.
 */
export function h2Exact(p: TradingParams, t: number): number {
  const tau = p.T - t;
  if (p.phi === 0) return (2 * p.A * p.kappa) / (p.kappa + p.A * tau);
  const root = Math.sqrt(p.kappa * p.phi);
  const omega = Math.sqrt(p.phi / p.kappa);
  const rho = (p.A - root) / (p.A + root);
  const e = rho * Math.exp(-2 * omega * tau);
  return (2 * root * (1 + e)) / (1 - e);
}

/** h₂ by RK4 (src/integrate) backward from T on `steps` uniform steps: values at t_k = kT/steps, k = 0..steps. */
export function h2Rk4(p: TradingParams, steps: number): Float64Array {
  positiveInt("h2Rk4", "steps", steps);
  const out = new Float64Array(steps + 1);
  // node j of the backward grid T → 0 is t_{steps − j}
  rk4(scalarField((_, h) => (h * h) / (2 * p.kappa) - 2 * p.phi), [2 * p.A], { t0: p.T, t1: 0, steps }, (j, _, y) => {
    out[steps - j] = y[0] as number;
  });
  return out;
}
