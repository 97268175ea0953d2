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

/** h₂ by RK4 backward from T on `steps` uniform steps: values at t_k = kT/steps, k = 0..steps. */
export function h2Rk4(p: TradingParams, steps: number): Float64Array {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`h2Rk4: steps must be a positive integer, got ${steps}`);
  const f = (h: number): number => (h * h) / (2 * p.kappa) - 2 * p.phi;
  const out = new Float64Array(steps + 1);
  const dt = p.T / steps;
  let h = 2 * p.A;
  out[steps] = h;
  for (let k = steps; k > 0; k--) {
    // integrating in reversed time τ = T − t: dh/dτ = −f(h)
    const k1 = -f(h);
    const k2 = -f(h + 0.5 * dt * k1);
    const k3 = -f(h + 0.5 * dt * k2);
    const k4 = -f(h + dt * k3);
    h += (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    out[k - 1] = h;
  }
  return out;
}
