import * as tf from "@tensorflow/tfjs";
import type { ErgodicSpec } from "../mfg/types";
import { besselI0 } from "./bessel";

/**
 * Problem 2 of the reference (Cao–Guo–Laurière's ergodic MFG on T^d = [0,1)^d), posed for
 * mfg.ergodic. The paper writes it in the reward convention, with ν = ½:
 *   ½Δu + ½|∇u|² − λ = f̃(x) + ln m,   −½Δm + div(m∇u) = 0,   ∫u = 0, ∫m = 1,
 *   exact u = c Σ sin 2πx_i,  m = e^{2u}/∫e^{2u},  λ = d ln I₀(2c).
 * The core minimises costs: with w = −u and λ' = −λ the same system reads
 *   −½Δw + ½|∇w|² + λ' = f̃ + ln m,   −½Δm − div(m∇w) = 0,
 * i.e. H = ½|p|², ∂ₚH = p, ν = ½, F = f̃ + ln m; exact w = −c Σ sin 2πx_i, m = e^{−2w}/Z, λ' = −ln Z.
 */
export interface ErgodicTorusCase {
  readonly d: number;
  /** amplitude of the exact value function */
  readonly c: number;
}

/** The paper's λ = ln ∫_{T^d} e^{2cΣ sin 2πx_i} dx = d ln I₀(2c) (the core's λ is its negative). */
export function ergodicLambda(d: number, c: number): number {
  return d * Math.log(besselI0(2 * c));
}

const TWO_PI = 2 * Math.PI;

/** Σ_i sin 2πx_i, [n,1]. */
const sumSin = (x: tf.Tensor2D): tf.Tensor2D => tf.sum(tf.sin(tf.mul(x, TWO_PI)), 1, true) as tf.Tensor2D;

/** f̃(x) = 2π² Σ_i [−c sin 2πx_i + c² cos² 2πx_i] − 2c Σ_i sin 2πx_i, [n,1]. */
export function ergodicCost(x: tf.Tensor2D, c: number): tf.Tensor2D {
  return tf.tidy(() => {
    const s = tf.sin(tf.mul(x, TWO_PI));
    const co = tf.cos(tf.mul(x, TWO_PI));
    const inner = tf.add(tf.mul(s, -c), tf.mul(tf.square(co), c * c));
    return tf.sum(tf.sub(tf.mul(inner, 2 * Math.PI * Math.PI), tf.mul(s, 2 * c)), 1, true) as tf.Tensor2D;
  });
}

/** The spec of problem 2 at (d, c) for mfg.ergodic, with its exact solution in the core's convention. */
export function ergodicTorusSpec({ d, c }: ErgodicTorusCase): ErgodicSpec {
  if (!Number.isInteger(d) || d < 1) throw new Error(`ergodicTorusSpec: d must be a positive integer, got ${d}`);
  if (!Number.isFinite(c)) throw new Error(`ergodicTorusSpec: c must be finite, got ${c}`);
  const lambda = ergodicLambda(d, c);
  return {
    d,
    nu: 0.5,
    domain: { torus: true },
    hamiltonian: {
      H: (_x, p) => tf.mul(tf.sum(tf.square(p), 1, true), 0.5),
      dpH: (_x, p) => p.clone(),
      d2pH: 1,
    },
    coupling: (x, _m, logm) => tf.tidy(() => tf.add(ergodicCost(x, c), logm)),
    exact: {
      u: (x) => tf.tidy(() => tf.mul(sumSin(x), -c)),
      m: (x) => tf.tidy(() => tf.exp(tf.sub(tf.mul(sumSin(x), 2 * c), lambda))),
      lambda: -lambda,
    },
  };
}
