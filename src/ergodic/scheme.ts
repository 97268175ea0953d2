import * as tf from "@tensorflow/tfjs";
import type { Net } from "../nets/types";
import { rng, type Rng } from "../random";
import { ergodicConfig, type ErgodicConfig } from "./config";
import { logPartition, maxEntropyJet } from "./density";
import type { ErgodicProblem } from "./problem";
import { fpResidual, fpResidualOverM, hjbResidual } from "./residuals";
import { latinTorus, uniformTorus } from "./torus-sampling";

/** Plain numbers logged by one outer iteration (the last inner step of each player). */
export interface ErgodicStepLogs {
  readonly hjbLoss: number;
  readonly fpLoss: number;
  readonly lambda: number;
  readonly lrU: number;
  readonly lrM: number;
}

/**
 * Cao–Guo–Laurière Algorithm 1 on the ergodic MFG: the value player (generator u_θ and λ) descends
 * the HJB residual plus (∫u)²; the density player (discriminator m_ψ = e^{N_ψ}/Z) descends the FP
 * residual given u. Each player has its own Adam over its explicit variable list.
 */
export interface ErgodicSolver {
  readonly problem: ErgodicProblem;
  readonly config: ErgodicConfig;
  readonly value: Net;
  readonly density: Net;
  /** the trainable parameter behind λ = config.lambdaScale · θ_λ (in the value player's list) */
  readonly lambdaVar: tf.Variable;
  /** the current λ */
  lambda(): number;
  /** one outer iteration i (0-based): K_u value steps then K_m density steps */
  step(i: number): ErgodicStepLogs;
  /** ln Z of the density net by a Latin-hypercube Monte Carlo estimate with n points */
  logZ(n?: number): number;
  /** disposes λ and both optimizers (the nets belong to the caller) */
  dispose(): void;
}

let idCounter = 0;
/** tfjs variable names are global: every solver gets its own λ name */
function nextId(): number {
  return ++idCounter;
}

/** tfjs reads Adam's learning rate on every step but only exposes it as a protected field. */
function setLearningRate(opt: tf.AdamOptimizer, lr: number): void {
  (opt as unknown as { learningRate: number }).learningRate = lr;
}

function checkNets(problem: ErgodicProblem, value: Net, density: Net): void {
  if (value.inDim !== problem.d) throw new Error(`ergodic solver: value net inDim ${value.inDim} != d = ${problem.d}`);
  if (density.inDim !== problem.d) throw new Error(`ergodic solver: density net inDim ${density.inDim} != d = ${problem.d}`);
}

/** Reads a scalar loss, disposes it, and throws naming the step and the term when it is not finite. */
function readLoss(loss: tf.Scalar | null, term: string, i: number): number {
  if (loss === null) throw new Error(`ergodic solver: no ${term} loss returned at iteration ${i}`);
  const v = loss.dataSync()[0] as number;
  loss.dispose();
  if (!Number.isFinite(v)) throw new Error(`ergodic solver: non-finite ${term} loss (${v}) at iteration ${i}`);
  return v;
}

export function createErgodicSolver(
  problem: ErgodicProblem,
  value: Net,
  density: Net,
  over: Partial<ErgodicConfig> = {},
): ErgodicSolver {
  checkNets(problem, value, density);
  const config = ergodicConfig(over);
  const r: Rng = rng(config.seed);
  // Adam moves every parameter by about lr per step; λ is one scalar that must travel O(1), so it
  // is scaled (λ = s·θ_λ) to move s·lr per step instead of stalling behind the nets
  const lambdaVar = tf.tidy(() => tf.variable(tf.scalar(config.lambdaInit / config.lambdaScale), true, `ergodic_lambda_${nextId()}`));
  const lambdaT = (): tf.Scalar => tf.mul(lambdaVar, config.lambdaScale) as tf.Scalar;
  const lambda = (): number => (lambdaVar.dataSync()[0] as number) * config.lambdaScale;
  const optU = tf.train.adam(config.lrU);
  const optM = tf.train.adam(config.lrM);
  const valueVars = [...value.vars, lambdaVar];
  const densityVars = [...density.vars];
  const d = problem.d;
  const sampleX = (): tf.Tensor2D =>
    config.collocation === "latin" ? latinTorus(r, config.batch, d) : uniformTorus(r, config.batch, d);

  const logZAt = (y: tf.Tensor2D): tf.Scalar => tf.tidy(() => logPartition(density.apply(y)));

  const valueStep = (i: number, logZ: tf.Scalar): number => {
    const x = sampleX();
    const y = latinTorus(r, config.zSamples, d);
    // the density is frozen during the value player's turn: ln m and f̃ are constants here
    const logM = tf.tidy(() => tf.sub(density.apply(x), logZ) as tf.Tensor2D);
    const f = problem.fTilde(x);
    const loss = optU.minimize(() => {
      const jet = value.jet(x);
      const res = hjbResidual(jet, logM, lambdaT(), f);
      const meanU = tf.mean(value.apply(y));
      return tf.add(tf.mean(tf.square(res)), tf.mul(tf.square(meanU), config.meanPenalty)) as tf.Scalar;
    }, true, valueVars);
    tf.dispose([x, y, logM, f]);
    return readLoss(loss, "HJB", i);
  };

  const densityStep = (i: number): number => {
    const x = sampleX();
    const y = config.fpForm === "plain" ? latinTorus(r, config.zSamples, d) : null;
    const uJet = value.jet(x);
    const loss = optM.minimize(() => {
      const nJet = density.jet(x);
      // over-m does not depend on Z: skip the Monte Carlo points entirely
      const logZ = y === null ? tf.scalar(0) : logPartition(density.apply(y));
      const mJet = maxEntropyJet(nJet, logZ);
      const res = config.fpForm === "plain" ? fpResidual(uJet, mJet) : fpResidualOverM(uJet, mJet);
      return tf.mean(tf.square(res)) as tf.Scalar;
    }, true, densityVars);
    tf.dispose([x, uJet.u, uJet.grad, uJet.lap]);
    if (y !== null) y.dispose();
    return readLoss(loss, "FP", i);
  };

  const step = (i: number): ErgodicStepLogs => {
    const frac = config.iterations > 1 ? Math.min(i / (config.iterations - 1), 1) : 1;
    const decay = Math.pow(config.lrDecay, frac);
    setLearningRate(optU, config.lrU * decay);
    setLearningRate(optM, config.lrM * decay);
    // N_ψ does not move during the K_u value steps: one ln Z serves them all
    const y = latinTorus(r, config.zSamples, d);
    const logZ = logZAt(y);
    y.dispose();
    let hjbLoss = NaN;
    try {
      for (let k = 0; k < config.kU; k++) hjbLoss = valueStep(i, logZ);
    } finally {
      logZ.dispose();
    }
    let fpLoss = NaN;
    for (let k = 0; k < config.kM; k++) fpLoss = densityStep(i);
    return { hjbLoss, fpLoss, lambda: lambda(), lrU: config.lrU * decay, lrM: config.lrM * decay };
  };

  const logZ = (n = 16384): number => {
    const y = latinTorus(r.fork(), n, d);
    const z = logZAt(y);
    const v = z.dataSync()[0] as number;
    tf.dispose([y, z]);
    return v;
  };

  const dispose = (): void => {
    lambdaVar.dispose();
    optU.dispose();
    optM.dispose();
  };

  return { problem, config, value, density, lambdaVar, lambda, step, logZ, dispose };
}
