import * as tf from "@tensorflow/tfjs";
import type { ScalarJet } from "../nets/types";
import { besselI0 } from "./bessel";
import { maxEntropyJet, type DensityJet } from "./density";

/**
 * The ergodic MFG on the torus T^d = [0,1)^d with ν = 1/2 (problem 2 of the reference):
 *   ½Δu + ½|∇u|² − λ = f̃(x) + ln m,   −½Δm + div(m∇u) = 0,   ∫u = 0, ∫m = 1.
 * f̃ is built so that u = c Σ sin(2πx_i), m = e^{2u}/∫e^{2u}, λ = ln ∫e^{2u} = d ln I₀(2c).
 */
export interface ErgodicProblem {
  readonly d: number;
  /** amplitude of the exact value function */
  readonly c: number;
  /** viscosity; the exact solution needs ν = 1/2 (m ∝ e^{u/ν}) */
  readonly nu: 0.5;
  /** the exact ergodic constant λ* */
  readonly lambdaStar: number;
  /** the running cost f̃(x), [n,1] */
  fTilde(x: tf.Tensor2D): tf.Tensor2D;
  /** exact u with its jet (analytic, no net) */
  exactUJet(x: tf.Tensor2D): ScalarJet;
  /** exact m with its jet and ln m (analytic, no net) */
  exactDensityJet(x: tf.Tensor2D): DensityJet;
}

export interface ErgodicOptions {
  readonly d: number;
  readonly c: number;
}

/** λ* = ln ∫_{T^d} e^{2cΣ sin 2πx_i} dx = d · ln I₀(2c). */
export function ergodicLambda(d: number, c: number): number {
  return d * Math.log(besselI0(2 * c));
}

function checkOptions({ d, c }: ErgodicOptions): void {
  if (!Number.isInteger(d) || d < 1) throw new Error(`ergodicTorus: d must be a positive integer, got ${d}`);
  if (!Number.isFinite(c)) throw new Error(`ergodicTorus: c must be finite, got ${c}`);
}

function checkInput(x: tf.Tensor2D, d: number, what: string): void {
  if (x.rank !== 2 || x.shape[1] !== d) {
    throw new Error(`${what}: x must have shape [n, ${d}], got [${x.shape.join(", ")}]`);
  }
}

/** The exact value jet of u = c Σ sin(2πx_i): ∇u = 2πc cos(2πx), Δu = −4π²c Σ sin(2πx_i). */
function sineJet(x: tf.Tensor2D, c: number): ScalarJet {
  const [u, grad, lap] = tf.tidy(() => {
    const w = 2 * Math.PI;
    const sumS = tf.sum(tf.sin(tf.mul(x, w)), 1, true);
    return [tf.mul(sumS, c), tf.mul(tf.cos(tf.mul(x, w)), w * c), tf.mul(sumS, -w * w * c)] as tf.Tensor2D[];
  }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  return { u, grad, lap };
}


export function ergodicTorus(opts: ErgodicOptions): ErgodicProblem {
  checkOptions(opts);
  const { d, c } = opts;
  const lambdaStar = ergodicLambda(d, c);
  return Object.freeze({
    d,
    c,
    nu: 0.5 as const,
    lambdaStar,
    fTilde(x: tf.Tensor2D): tf.Tensor2D {
      checkInput(x, d, "fTilde");
      return tf.tidy(() => {
        const w = 2 * Math.PI;
        const s = tf.sin(tf.mul(x, w));
        const co = tf.cos(tf.mul(x, w));
        const inner = tf.add(tf.mul(s, -c), tf.mul(tf.square(co), c * c));
        const total = tf.sub(tf.mul(inner, 2 * Math.PI * Math.PI), tf.mul(s, 2 * c));
        return tf.sum(total, 1, true) as tf.Tensor2D;
      });
    },
    exactUJet(x: tf.Tensor2D): ScalarJet {
      checkInput(x, d, "exactUJet");
      return sineJet(x, c);
    },
    exactDensityJet(x: tf.Tensor2D): DensityJet {
      checkInput(x, d, "exactDensityJet");
      // m = e^{2u}/Z with ln Z = λ*: the maximum-entropy form with N = 2u
      const nJet = sineJet(x, 2 * c);
      const logZ = tf.scalar(lambdaStar);
      const jet = maxEntropyJet(nJet, logZ);
      tf.dispose([nJet.u, nJet.grad, nJet.lap, logZ]);
      return jet;
    },
  });
}
