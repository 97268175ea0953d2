import * as tf from "@tensorflow/tfjs";
import { all, finitePositive, positiveInt } from "../config";
import type { Net } from "../nets";
import { NonFiniteLossError, sgdPlayer, stepOnTerm, type OptimizerPlayer } from "../train";
import type { Generator } from "./generator";
import { ridgeSolve } from "./lstsq";

/**
 * The two players of problem 4. The discriminator is D = sigmoid(N) with N a scalar net of
 * src/nets (the logit), so ∇D = D(1 − D)∇N and the particle velocity of Algorithm 2 is
 *   ∇D / (2(1 − D)) = ½ D ∇N,
 * with ∇N from the net's forward jet: no nested gradient and no division by 1 − D.
 */

/** −(E ln D(x_data) + E ln(1 − D(x_gen))) in logit form: minimising it is the BCE ascent of D. */
export function discriminatorLoss(logit: Net, xData: tf.Tensor2D, xGen: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() =>
    tf.add(tf.mean(tf.softplus(tf.neg(logit.apply(xData)))), tf.mean(tf.softplus(logit.apply(xGen)))) as tf.Scalar);
}

/**
 * One step of D's player (over D's variables); returns the loss before the step. A non-finite loss
 * throws src/train's NonFiniteLossError naming `step`, the term "bce" and the player.
 */
export function discriminatorStep(logit: Net, player: OptimizerPlayer, xData: tf.Tensor2D, xGen: tf.Tensor2D, step = 0): number {
  return stepOnTerm(player, "bce", () => discriminatorLoss(logit, xData, xGen), step);
}

/** y = x + ε ∇D(x) / (2(1 − D(x))) = x + (ε/2) D(x) ∇N(x), one explicit Euler step of the flow */
export function particleTargets(logit: Net, x: tf.Tensor2D, eps: number): tf.Tensor2D {
  return tf.tidy(() => {
    const jet = logit.jet(x);
    return tf.add(x, tf.mul(tf.mul(eps / 2, tf.sigmoid(jet.u)), jet.grad)) as tf.Tensor2D;
  });
}

/** (1/m) Σ_i |G(z_i) − y_i|² (sum over coordinates, mean over the batch); y is a constant */
export function regressionLoss(gen: Generator, z: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.square(tf.sub(gen.apply(z), y)), 1)) as tf.Scalar);
}

/** The regression loss as a number (its tensor freed). */
function regressionValue(gen: Generator, z: tf.Tensor2D, y: tf.Tensor2D): number {
  const loss = regressionLoss(gen, z, y);
  const value = loss.dataSync()[0] as number;
  loss.dispose();
  return value;
}

/** (1/m) Σ_i ln(1 − D(G(z_i))) = −mean softplus(N(G(z))): the saturating GAN generator loss */
export function ganGeneratorLoss(gen: Generator, logit: Net, z: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.softplus(logit.apply(gen.apply(z))))) as tf.Scalar);
}

export interface GStepReport {
  /** mean |G(z) − y|² before the regression: (ε/2)² E|D∇N|² */
  readonly before: number;
  /** after the inner steps; after/before says how well G reached its targets */
  readonly after: number;
}

/**
 * Algorithm 2's generator update: targets y from the current G and D, then `inner` steps of G's
 * player on the regression onto the fixed y (inner = 1 with plain SGD is the step of the equivalence).
 */
export function algorithm2GeneratorStep(gen: Generator, logit: Net, z: tf.Tensor2D, eps: number,
  player: OptimizerPlayer, inner = 1, step = 0): GStepReport {
  positiveInt("algorithm2GeneratorStep", "inner", inner);
  const y = tf.tidy(() => particleTargets(logit, gen.apply(z), eps));
  try {
    let before = NaN;
    for (let k = 0; k < inner; k++) {
      const v = stepOnTerm(player, "regression", () => regressionLoss(gen, z, y), step);
      if (k === 0) before = v;
    }
    return { before, after: regressionValue(gen, z, y) };
  } finally {
    y.dispose();
  }
}

/** float32 Gram matrices of nearly dependent features can lose definiteness: raise the ridge ×10 (twice) */
function solveWithRetries(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, ridge: number): Float64Array {
  for (let attempt = 0; ; attempt++) {
    try {
      return ridgeSolve(a, b, n, k, ridge * 10 ** attempt);
    } catch (e) {
      if (attempt >= 2 || !/positive definite/.test(String(e))) throw e;
    }
  }
}

/**
 * Algorithm 2's generator update with the regression solved exactly in G's output layer: with
 * H = features(z) and the residual r = y − G(z), the minimiser of (1/m)Σ|G(z_i) − y_i|² + ridge over
 * the change (ΔW, Δb) is [ΔW; Δb] = (ĤᵀĤ/m + λ̄I)⁻¹ Ĥᵀr/m, Ĥ = [H, 1] (λ̄ = λ·mean diagonal). Why:
 * Adam steps leave an optimiser-dependent part of the residual and random-walk the weights of units
 * where the targets barely move (the trapped mass of the flow at x ≈ 0); the exact solve is the limit
 * of many regression steps on the same objective, and shrinks towards the current G, not towards 0.
 */
export function algorithm2LeastSquaresStep(gen: Generator, logit: Net, z: tf.Tensor2D, eps: number, ridge: number, step = 0): GStepReport {
  finitePositive("algorithm2LeastSquaresStep", "ridge", ridge);
  const m = z.shape[0], d = gen.dim;
  const y = tf.tidy(() => particleTargets(logit, gen.apply(z), eps));
  const { gram, rhs, width, before } = tf.tidy(() => {
    const r = tf.sub(y, gen.apply(z));
    const h = tf.concat([gen.features(z), tf.ones([m, 1])], 1) as tf.Tensor2D;
    return {
      gram: tf.div(tf.matMul(h, h, true, false), m).dataSync(),
      rhs: tf.div(tf.matMul(h, r, true, false), m).dataSync(),
      width: h.shape[1] - 1,
      before: tf.mean(tf.sum(tf.square(r), 1)).dataSync()[0] as number,
    };
  });
  try {
    if (!Number.isFinite(before)) throw new NonFiniteLossError(step, "regression", before, "generator (least squares)");
    const sol = solveWithRetries(gram, rhs, width + 1, d, ridge);
    const dw = tf.tensor2d(Float32Array.from(sol.subarray(0, width * d)), [width, d]);
    const db = tf.tensor1d(Float32Array.from(sol.subarray(width * d)));
    gen.shiftOutput(dw, db);
    tf.dispose([dw, db]);
    return { before, after: regressionValue(gen, z, y) };
  } finally {
    y.dispose();
  }
}

/** One standard GAN generator step of G's player on E ln(1 − D(G(z))); returns the loss before the step. */
export function ganGeneratorStep(gen: Generator, logit: Net, z: tf.Tensor2D, player: OptimizerPlayer, step = 0): number {
  return stepOnTerm(player, "gan", () => ganGeneratorLoss(gen, logit, z), step);
}

export interface EquivalenceResult {
  /** max over all generator weights of |θ_Alg2 − θ_GAN| after one step each */
  readonly maxParamDiff: number;
  /** max |θ_Alg2 − θ_0|: the size of the step itself, for scale */
  readonly maxStep: number;
  readonly lrRegression: number;
  readonly lrGan: number;
}

/**
 * The equivalence: ∇_θ (1/m)Σ|G(z_i) − y_i|² = (2/m) Σ (G − y)·∂_θG = −(ε/m) Σ D∇N·∂_θG
 * = ε ∇_θ (1/m)Σ ln(1 − D(G(z_i))), because the ½ in the target cancels the 2 of the square.
 * So one plain-SGD regression step with rate η equals one SGD GAN step with rate ε·η (factor
 * exactly ε). Both steps start from the same weights; G is left at its initial weights.
 * lrGan defaults to ε·lrRegression; other values exist to show that a wrong factor is visible.
 */
export function equivalenceCheck(gen: Generator, logit: Net, z: tf.Tensor2D, eps: number, lrRegression: number,
  lrGan = eps * lrRegression): EquivalenceResult {
  all("equivalenceCheck", { eps, lrRegression, lrGan }, finitePositive);
  const theta0 = gen.snapshot();
  const sgdA = sgdPlayer({ name: "generator (regression)", vars: gen.vars, lr: lrRegression });
  const sgdB = sgdPlayer({ name: "generator (GAN)", vars: gen.vars, lr: lrGan });
  try {
    algorithm2GeneratorStep(gen, logit, z, eps, sgdA, 1);
    const thetaA = gen.snapshot();
    gen.load(theta0);
    ganGeneratorStep(gen, logit, z, sgdB);
    const thetaB = gen.snapshot();
    gen.load(theta0);
    let maxParamDiff = 0, maxStep = 0;
    thetaA.forEach((a, l) => {
      const b = thetaB[l] as Float32Array, o = theta0[l] as Float32Array;
      for (let i = 0; i < a.length; i++) {
        maxParamDiff = Math.max(maxParamDiff, Math.abs((a[i] as number) - (b[i] as number)));
        maxStep = Math.max(maxStep, Math.abs((a[i] as number) - (o[i] as number)));
      }
    });
    return { maxParamDiff, maxStep, lrRegression, lrGan };
  } finally {
    sgdA.dispose();
    sgdB.dispose();
  }
}
