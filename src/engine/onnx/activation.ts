/**
 * An activation's jet rules as graph ops, written in terms of its value a = f(z) (true of tanh):
 * p = f'(z), q = f''(z), and their derivatives along a, which the hand-written reverse needs.
 * Passing other rules is how a test plants a wrong one (the check against tfjs must then fail).
 */
import type { Graph } from "./graph";

export interface ActivationRules {
  readonly value: (g: Graph, z: string) => string;
  /** f'(z) from a */
  readonly d1: (g: Graph, a: string) => string;
  /** f''(z) from a and p = f'(z) */
  readonly d2: (g: Graph, a: string, p: string) => string;
  /** d p / d a */
  readonly d1DA: (g: Graph, a: string) => string;
  /** d q / d a */
  readonly d2DA: (g: Graph, a: string) => string;
}

/** tanh: p = 1 − a², q = −2ap, dp/da = −2a, dq/da = 6a² − 2. */
export const tanhRules: ActivationRules = {
  value: (g, z) => g.tanh(z),
  d1: (g, a) => g.sub(g.scalar(1), g.sq(a)),
  d2: (g, a, p) => g.mul(g.scalar(-2), g.mul(a, p)),
  d1DA: (g, a) => g.mul(g.scalar(-2), a),
  d2DA: (g, a) => g.sub(g.mul(g.scalar(6), g.sq(a)), g.scalar(2)),
};
