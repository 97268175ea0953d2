import { positiveInt } from "../config/validate";

/** dy/dt = f(t, y) for a state vector y: writes f(t, y) into out (out never aliases y). */
export type VectorField = (t: number, y: Float64Array, out: Float64Array) => void;

/** A uniform grid t_k = t0 + k·(t1 − t0)/steps, k = 0..steps; t1 < t0 integrates backwards in time. */
export interface Rk4Grid {
  readonly t0: number;
  readonly t1: number;
  readonly steps: number;
}

/** called at every node k = 0..steps with t_k and y_k (y is reused by the integrator: copy it to keep it) */
export type NodeVisitor = (k: number, t: number, y: Float64Array) => void;

/**
 * Classical fixed-step RK4 in float64: the one integrator behind every reference solution (the ODE
 * warm-up, the Riccati h₂, the trading shooting, the Monte Carlo inventories). Returns y(t1).
 * Why one visitor instead of a stored path: the Monte Carlo state holds 10⁴–10⁵ paths, and its
 * statistics are all it needs at each node.
 */
export function rk4(f: VectorField, y0: ArrayLike<number>, grid: Rk4Grid, visit?: NodeVisitor): Float64Array {
  const { t0, t1 } = grid;
  const steps = positiveInt("rk4", "steps", grid.steps);
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) throw new Error(`rk4: t0 and t1 must be finite, got ${t0}, ${t1}`);
  const n = y0.length;
  const h = (t1 - t0) / steps;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n);
  const tmp = new Float64Array(n);
  const stage = (a: number, k: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) tmp[i] = (y[i] as number) + a * (k[i] as number);
    return tmp;
  };
  visit?.(0, t0, y);
  for (let s = 0; s < steps; s++) {
    const t = t0 + s * h;
    f(t, y, k1);
    f(t + h / 2, stage(h / 2, k1), k2);
    f(t + h / 2, stage(h / 2, k2), k3);
    f(t + h, stage(h, k3), k4);
    for (let i = 0; i < n; i++) {
      y[i] = (y[i] as number) + (h / 6) * ((k1[i] as number) + 2 * (k2[i] as number) + 2 * (k3[i] as number) + (k4[i] as number));
    }
    visit?.(s + 1, t0 + (s + 1) * h, y);
  }
  return y;
}

/** rk4 keeping every node: path[k] = y(t_k), k = 0..steps */
export function rk4Path(f: VectorField, y0: ArrayLike<number>, grid: Rk4Grid): Float64Array[] {
  const path: Float64Array[] = [];
  rk4(f, y0, grid, (_, __, y) => path.push(Float64Array.from(y)));
  return path;
}

/** a scalar field f(t, y) as a VectorField of dimension 1 */
export function scalarField(f: (t: number, y: number) => number): VectorField {
  return (t, y, out) => {
    out[0] = f(t, y[0] as number);
  };
}
