import { positiveInt } from "../config";
import { rk4Path } from "../integrate";
import type { TradingParams } from "./problem";
import { validateTradingParams } from "./problem";
import { h2Exact } from "./riccati";

/** The reference equilibrium at one time. */
export interface TradingState {
  readonly t: number;
  readonly h0: number;
  readonly h1: number;
  readonly h2: number;
  /** mean inventory q̄_t */
  readonly qbar: number;
  /** mean trading rate v̄_t = (h₁ − h₂ q̄_t)/(2κ) */
  readonly vbar: number;
  /** standard deviation of m(t,·) = N(q̄_t, s_t²) */
  readonly s: number;
}

/** The exact equilibrium under the quadratic ansatz, on a grid and between grid points. */
export interface TradingReference {
  readonly params: TradingParams;
  /** grid times t_k = kT/steps and the states there */
  readonly grid: readonly TradingState[];
  /** state at any t ∈ [0, T] (cubic Hermite between RK4 nodes: O(dt⁴), like RK4 itself) */
  at(t: number): TradingState;
  /** u(t,q) = h₀ + h₁q − h₂q²/2 */
  u(t: number, q: number): number;
  /** equilibrium control v̂(t,q) = ∂_q u/(2κ) */
  vhat(t: number, q: number): number;
  /** m(t,q), the N(q̄_t, s_t²) density */
  density(t: number, q: number): number;
}

// State y = (h₁, q̄, I, L) with I = ∫₀ᵗ h₁²/(4κ) (h₀ = I(T) − I(t)) and L = ∫₀ᵗ h₂/(2κ) (s = s₀e^{−L}).
type Y = Float64Array;

function rhsInto(p: TradingParams, t: number, y: Y, out: Y): void {
  const h1 = y[0] as number, q = y[1] as number;
  const h2 = h2Exact(p, t);
  const vbar = (h1 - h2 * q) / (2 * p.kappa);
  out[0] = (h1 * h2) / (2 * p.kappa) - p.gamma * vbar;
  out[1] = vbar;
  out[2] = (h1 * h1) / (4 * p.kappa);
  out[3] = h2 / (2 * p.kappa);
}

function rhs(p: TradingParams, t: number, y: Y): Y {
  const out = new Float64Array(4);
  rhsInto(p, t, y, out);
  return out;
}

/** RK4 (src/integrate) forward from t = 0 with h₁(0) = h10; returns the states at all grid nodes. */
function integrate(p: TradingParams, h10: number, steps: number): Y[] {
  return rk4Path((t, y, out) => rhsInto(p, t, y, out), [h10, p.mu0, 0, 0], { t0: 0, t1: p.T, steps });
}

/**
 * Shooting on h₁(0) for the linear two-point problem h₁(T) = 0, q̄(0) = μ₀. The map h₁(0) ↦ h₁(T)
 * is affine, so two shots determine the root exactly (up to RK4 error, which is the same for all).
 */
export function shootH10(p: TradingParams, steps: number): number {
  const end = (c: number): number => integrate(p, c, steps)[steps]![0]!;
  const e0 = end(0);
  const slope = end(1) - e0;
  if (!Number.isFinite(slope) || Math.abs(slope) < 1e-14) {
    throw new Error(`trading: shooting is singular (d h1(T)/d h1(0) = ${slope}); check kappa, phi, gamma, T`);
  }
  return -e0 / slope;
}

function stateOf(p: TradingParams, t: number, y: Y, iT: number): TradingState {
  const h2 = h2Exact(p, t);
  const [h1, qbar, I, L] = y as unknown as [number, number, number, number];
  return { t, h0: iT - I, h1, h2, qbar, vbar: (h1 - h2 * qbar) / (2 * p.kappa), s: p.s0 * Math.exp(-L) };
}

function hermite(y0: number, d0: number, y1: number, d1: number, dt: number, x: number): number {
  const x2 = x * x;
  const x3 = x2 * x;
  return (2 * x3 - 3 * x2 + 1) * y0 + (x3 - 2 * x2 + x) * dt * d0 + (-2 * x3 + 3 * x2) * y1 + (x3 - x2) * dt * d1;
}

/** Solve the reduced forward-backward system on `steps` RK4 steps (default 2000). */
export function solveTradingReference(p: TradingParams, steps = 2000): TradingReference {
  validateTradingParams(p);
  positiveInt("solveTradingReference", "steps", steps);
  const ys = integrate(p, shootH10(p, steps), steps);
  const dt = p.T / steps;
  const iT = ys[steps]![2]!;
  const grid = ys.map((y, k) => stateOf(p, k * dt, y, iT));
  const at = (t: number): TradingState => {
    if (!(t >= -1e-12 && t <= p.T + 1e-12)) throw new Error(`trading reference: t = ${t} outside [0, ${p.T}]`);
    const k = Math.min(steps - 1, Math.max(0, Math.floor(t / dt)));
    const a = ys[k]!;
    const b = ys[k + 1]!;
    const fa = rhs(p, k * dt, a);
    const fb = rhs(p, (k + 1) * dt, b);
    const x = (t - k * dt) / dt;
    const y = a.map((ai, i) => hermite(ai, fa[i]!, b[i]!, fb[i]!, dt, x));
    return stateOf(p, t, y, iT);
  };
  return {
    params: p,
    grid,
    at,
    u: (t, q) => {
      const s = at(t);
      return s.h0 + s.h1 * q - (s.h2 * q * q) / 2;
    },
    vhat: (t, q) => {
      const s = at(t);
      return (s.h1 - s.h2 * q) / (2 * p.kappa);
    },
    density: (t, q) => {
      const s = at(t);
      const z = (q - s.qbar) / s.s;
      return Math.exp(-0.5 * z * z) / (s.s * Math.sqrt(2 * Math.PI));
    },
  };
}
