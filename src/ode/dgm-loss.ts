import * as tf from "@tensorflow/tfjs";
import { all, finiteNonNegative, finitePositive, oneOf, positiveInt } from "../config";
import type { Net } from "../nets";
import type { Rng } from "../random";
import { powerInterval } from "../sampling";
import type { LossTerms } from "../train";
import type { OdeProblem } from "./problem";

/**
 * How φ(a) = φ0 is imposed: "penalty" trains φ = N with a term |N(a) − φ0|²; "hard" builds it
 * into the ansatz φ = φ0 + (x − a)·N(x), so only the residual is trained.
 */
export type BoundaryMode = "penalty" | "hard";

/** Where residual points are drawn: uniform on [a, b], or x = a + (b − a)U^p (denser near a). */
export type SamplingMode = "uniform" | "power";

export interface OdeDgmOptions {
  readonly boundary: BoundaryMode;
  readonly sampling: SamplingMode;
  /** p of the "power" sampling (p > 1 concentrates points near x = a) */
  readonly samplingPower: number;
  /** residual points per step (fresh every step) */
  readonly batch: number;
  /** weight of the boundary term in "penalty" mode */
  readonly penaltyWeight: number;
  /**
   * The net sees s·x (so N(x) = net(s x), N' = s net'). With zero initial biases every first-layer
   * unit is centred at x = 0 and, for inputs of order 1, nearly linear; s = 2 spreads them into
   * their nonlinear range over [0, 5] and halved the error at equal steps in our runs.
   */
  readonly inputScale: number;
}

/** tuned on problem 1 (see odeWarmupBudgets): hard constraint, points denser near x = 0 */
export const defaultOdeDgmOptions: OdeDgmOptions = {
  boundary: "hard",
  sampling: "power",
  samplingPower: 2,
  batch: 128,
  penaltyWeight: 1,
  inputScale: 2,
};

export function resolveOdeDgmOptions(partial: Partial<OdeDgmOptions> = {}): OdeDgmOptions {
  const o: OdeDgmOptions = { ...defaultOdeDgmOptions, ...partial };
  const where = "ode options";
  oneOf(["penalty", "hard"])(where, "boundary", o.boundary);
  oneOf(["uniform", "power"])(where, "sampling", o.sampling);
  positiveInt(where, "batch", o.batch);
  all(where, { samplingPower: o.samplingPower, inputScale: o.inputScale }, finitePositive);
  finiteNonNegative(where, "penaltyWeight", o.penaltyWeight);
  return o;
}

export interface Trial {
  readonly phi: tf.Tensor2D;
  readonly dphi: tf.Tensor2D;
}

export type TrialOptions = Pick<OdeDgmOptions, "boundary" | "inputScale">;

/**
 * φ and φ' at x [n,1] from one forward jet of the net: N = net(s x), N' = s ∂net; penalty mode
 * φ = N, hard mode φ = φ0 + (x − a)N with φ' = N + (x − a)N'.
 */
export function trialSolution(net: Net, problem: OdeProblem, o: TrialOptions, x: tf.Tensor2D): Trial {
  return tf.tidy(() => {
    const j = net.jet(o.inputScale === 1 ? x : (tf.mul(x, o.inputScale) as tf.Tensor2D));
    const n = j.u;
    const dn = o.inputScale === 1 ? j.grad : (tf.mul(j.grad, o.inputScale) as tf.Tensor2D);
    if (o.boundary === "penalty") return { phi: n, dphi: dn };
    const s = tf.sub(x, problem.a) as tf.Tensor2D;
    return {
      phi: tf.add(problem.phi0, tf.mul(s, n)) as tf.Tensor2D,
      dphi: tf.add(n, tf.mul(s, dn)) as tf.Tensor2D,
    };
  });
}

/** F = φ' − f(x, φ) at x */
export function odeResidual(net: Net, problem: OdeProblem, o: TrialOptions, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const t = trialSolution(net, problem, o, x);
    return tf.sub(t.dphi, problem.rhs(x, t.phi)) as tf.Tensor2D;
  });
}

export function sampleInterval(r: Rng, problem: OdeProblem, o: OdeDgmOptions): tf.Tensor2D {
  return powerInterval(r, o.batch, problem.a, problem.b, o.sampling === "power" ? o.samplingPower : 1);
}

/**
 * The DGM loss of one step: mean F² over fresh samples, plus (penalty mode) the weighted boundary
 * term. Returns a function for train's fit(): it is called inside the optimiser's tape.
 */
export function odeDgmLoss(net: Net, problem: OdeProblem, options: Partial<OdeDgmOptions> = {}): (ctx: { rng: Rng }) => LossTerms {
  const o = resolveOdeDgmOptions(options);
  return ({ rng }) => {
    const x = sampleInterval(rng, problem, o);
    const residual = tf.mean(tf.square(odeResidual(net, problem, o, x))) as tf.Scalar;
    if (o.boundary === "hard") return { total: residual, terms: { residual } };
    const xa = tf.tensor2d([problem.a * o.inputScale], [1, 1]);
    const boundary = tf.square(tf.sub(net.apply(xa), problem.phi0)).reshape([]) as tf.Scalar;
    const total = tf.add(residual, tf.mul(o.penaltyWeight, boundary)) as tf.Scalar;
    return { total, terms: { residual, boundary } };
  };
}
