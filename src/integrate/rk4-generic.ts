import { positiveInt } from "../config/validate";
import type { Rk4Grid } from "./rk4";

/**
 * The operations RK4 needs on a state: y + a·k and the weighted update. Float64Array states
 * (rk4's), tfjs tensors (states differentiated through the steps) and packed structures all fit.
 */
export interface StateAlgebra<S> {
  /** y + a·k */
  axpy(y: S, a: number, k: S): S;
  /** y + (h/6)·(k1 + 2k2 + 2k3 + k4), evaluated in this order (rk4's float64 rounding) */
  rk4Update(y: S, h: number, k1: S, k2: S, k3: S, k4: S): S;
}

export type StateField<S> = (t: number, y: S) => S;

/**
 * Classical RK4 over any state algebra, the same tableau and the same order of operations as the
 * float64 rk4 (with float64Algebra it returns bit-identical numbers: tested). Returns every node
 * y_0..y_steps; with tensors, the caller owns them (run it inside tf.tidy and keep what it needs).
 */
export function rk4States<S>(alg: StateAlgebra<S>, f: StateField<S>, y0: S, grid: Rk4Grid): S[] {
  const steps = positiveInt("rk4States", "steps", grid.steps);
  const { t0, t1 } = grid;
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) throw new Error(`rk4States: t0 and t1 must be finite, got ${t0}, ${t1}`);
  const h = (t1 - t0) / steps;
  const nodes: S[] = [y0];
  let y = y0;
  for (let s = 0; s < steps; s++) {
    const t = t0 + s * h;
    const k1 = f(t, y);
    const k2 = f(t + h / 2, alg.axpy(y, h / 2, k1));
    const k3 = f(t + h / 2, alg.axpy(y, h / 2, k2));
    const k4 = f(t + h, alg.axpy(y, h, k3));
    y = alg.rk4Update(y, h, k1, k2, k3, k4);
    nodes.push(y);
  }
  return nodes;
}

/** Float64Array states with rk4's exact arithmetic */
export const float64Algebra: StateAlgebra<Float64Array> = {
  axpy: (y, a, k) => y.map((v, i) => v + a * (k[i] as number)),
  rk4Update: (y, h, k1, k2, k3, k4) =>
    y.map((v, i) => v + (h / 6) * ((k1[i] as number) + 2 * (k2[i] as number) + 2 * (k3[i] as number) + (k4[i] as number))),
};
