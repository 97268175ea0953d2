import * as tf from "@tensorflow/tfjs";
import { finitePositive, positiveInt } from "../config";
import { rk4, scalarField } from "../integrate";

/**
 * A first-order scalar ODE φ'(x) = f(x, φ) on [a, b] with φ(a) = φ0, as data: parameters, the
 * right-hand side in both tensor form (for the loss) and number form (for RK4), and the exact
 * solution when one is known.
 */
export interface OdeProblem {
  readonly title: string;
  readonly a: number;
  readonly b: number;
  readonly phi0: number;
  /** f(x, φ) on tensors of equal shape [n, 1] */
  readonly rhs: (x: tf.Tensor2D, phi: tf.Tensor2D) => tf.Tensor2D;
  /** the same f on numbers */
  readonly rhsNumber: (x: number, phi: number) => number;
  readonly exact?: (x: number) => number;
}

/**
 * Problem 1 of problems.md: φ' = x − φ on [0, b], φ(0) = 1, exact φ = x − 1 + 2e^{−x}.
 * b = 5 is our default (problems.md marks it *ours*).
 */
export function odeWarmup(b = 5): OdeProblem {
  finitePositive("odeWarmup", "b", b);
  return {
    title: "φ' = x − φ, φ(0) = 1",
    a: 0,
    b,
    phi0: 1,
    rhs: (x, phi) => tf.sub(x, phi),
    rhsNumber: (x, phi) => x - phi,
    exact: (x) => x - 1 + 2 * Math.exp(-x),
  };
}

/** RK4 (src/integrate) on a uniform grid of `steps` intervals over [a, b]: the reference for any OdeProblem */
export function solveOdeRk4(problem: OdeProblem, steps: number): { x: Float64Array; phi: Float64Array } {
  positiveInt("solveOdeRk4", "steps", steps);
  const x = new Float64Array(steps + 1), phi = new Float64Array(steps + 1);
  rk4(scalarField(problem.rhsNumber), [problem.phi0], { t0: problem.a, t1: problem.b, steps }, (k, t, y) => {
    x[k] = t;
    phi[k] = y[0] as number;
  });
  return { x, phi };
}

/** the exact solution on the given points, or RK4 (fine grid, linear interpolation) when none is known */
export function referenceOn(problem: OdeProblem, xs: ArrayLike<number>, rk4Steps = 20_000): Float64Array {
  const out = new Float64Array(xs.length);
  if (problem.exact !== undefined) {
    for (let i = 0; i < xs.length; i++) out[i] = problem.exact(xs[i] as number);
    return out;
  }
  const ref = solveOdeRk4(problem, rk4Steps);
  const h = (problem.b - problem.a) / rk4Steps;
  for (let i = 0; i < xs.length; i++) {
    const s = ((xs[i] as number) - problem.a) / h;
    const k = Math.min(Math.max(Math.floor(s), 0), rk4Steps - 1);
    const w = s - k;
    out[i] = (1 - w) * (ref.phi[k] as number) + w * (ref.phi[k + 1] as number);
  }
  return out;
}
