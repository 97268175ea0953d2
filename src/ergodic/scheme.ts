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

/** What one training step needs: the players, their optimizers and the sampling stream. */
interface Players {
  readonly problem: ErgodicProblem;
  readonly config: ErgodicConfig;
  readonly value: Net;
  readonly density: Net;
  readonly r: Rng;
  readonly lambdaVar: tf.Variable;
  readonly optU: tf.AdamOptimizer;
  readonly optM: tf.AdamOptimizer;
}

function sampleX(p: Players): tf.Tensor2D {
  const { batch, collocation } = p.config;
  return collocation === "latin" ? latinTorus(p.r, batch, p.problem.d) : uniformTorus(p.r, batch, p.problem.d);
}

function logZAt(density: Net, y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => logPartition(density.apply(y)));
}

/** One Adam step of the value player (u_θ, λ) on the HJB residual + (∫u)², with N_ψ and ln Z frozen. */
function valueStep(p: Players, i: number, logZ: tf.Scalar): number {
  const { problem, config, value, density } = p;
  const x = sampleX(p);
  const y = latinTorus(p.r, config.zSamples, problem.d);
  const logM = tf.tidy(() => tf.sub(density.apply(x), logZ) as tf.Tensor2D);
  const f = problem.fTilde(x);
  const loss = p.optU.minimize(() => {
    const jet = value.jet(x);
    const lambda = tf.mul(p.lambdaVar, config.lambdaScale) as tf.Scalar;
    const res = hjbResidual(jet, logM, lambda, f);
    const meanU = tf.mean(value.apply(y));
    return tf.add(tf.mean(tf.square(res)), tf.mul(tf.square(meanU), config.meanPenalty)) as tf.Scalar;
  }, true, [...value.vars, p.lambdaVar]);
  tf.dispose([x, y, logM, f]);
  return readLoss(loss, "HJB", i);
}

/** One Adam step of the density player (N_ψ) on the FP residual, with u_θ frozen. */
function densityStep(p: Players, i: number): number {
  const { problem, config, value, density } = p;
  const x = sampleX(p);
  // the over-m form does not depend on Z: it needs no Monte Carlo points at all
  const y = config.fpForm === "plain" ? latinTorus(p.r, config.zSamples, problem.d) : null;
  const uJet = value.jet(x);
  const loss = p.optM.minimize(() => {
    const logZ = y === null ? tf.scalar(0) : logPartition(density.apply(y));
    const mJet = maxEntropyJet(density.jet(x), logZ);
    const res = config.fpForm === "plain" ? fpResidual(uJet, mJet) : fpResidualOverM(uJet, mJet);
    return tf.mean(tf.square(res)) as tf.Scalar;
  }, true, [...density.vars]);
  tf.dispose([x, uJet.u, uJet.grad, uJet.lap]);
  if (y !== null) y.dispose();
  return readLoss(loss, "FP", i);
}

/** One outer iteration: decayed learning rates, K_u value steps (one ln Z for all), K_m density steps. */
function outerStep(p: Players, i: number): ErgodicStepLogs {
  const { config } = p;
  const frac = config.iterations > 1 ? Math.min(i / (config.iterations - 1), 1) : 1;
  const decay = Math.pow(config.lrDecay, frac);
  setLearningRate(p.optU, config.lrU * decay);
  setLearningRate(p.optM, config.lrM * decay);
  const y = latinTorus(p.r, config.zSamples, p.problem.d);
  const logZ = logZAt(p.density, y);
  y.dispose();
  let hjbLoss = NaN;
  try {
    for (let k = 0; k < config.kU; k++) hjbLoss = valueStep(p, i, logZ);
  } finally {
    logZ.dispose();
  }
  let fpLoss = NaN;
  for (let k = 0; k < config.kM; k++) fpLoss = densityStep(p, i);
  const lambda = (p.lambdaVar.dataSync()[0] as number) * config.lambdaScale;
  return { hjbLoss, fpLoss, lambda, lrU: config.lrU * decay, lrM: config.lrM * decay };
}

export function createErgodicSolver(
  problem: ErgodicProblem,
  value: Net,
  density: Net,
  over: Partial<ErgodicConfig> = {},
): ErgodicSolver {
  checkNets(problem, value, density);
  const config = ergodicConfig(over);
  // Adam moves every parameter by about lr per step; λ is one scalar that must travel O(1), so it
  // is scaled (λ = s·θ_λ) to move s·lr per step instead of stalling behind the nets
  const init = config.lambdaInit / config.lambdaScale;
  const lambdaVar = tf.tidy(() => tf.variable(tf.scalar(init), true, `ergodic_lambda_${nextId()}`));
  const p: Players = {
    problem, config, value, density, lambdaVar,
    r: rng(config.seed),
    optU: tf.train.adam(config.lrU),
    optM: tf.train.adam(config.lrM),
  };
  const logZ = (n = 16384): number => {
    // its own fixed points: evaluating must not perturb the training stream
    const y = latinTorus(rng(config.seed + 0x10a2), n, problem.d);
    const z = logZAt(density, y);
    const v = z.dataSync()[0] as number;
    tf.dispose([y, z]);
    return v;
  };
  return {
    problem, config, value, density, lambdaVar,
    lambda: () => (lambdaVar.dataSync()[0] as number) * config.lambdaScale,
    step: (i) => outerStep(p, i),
    logZ,
    dispose: () => {
      lambdaVar.dispose();
      p.optU.dispose();
      p.optM.dispose();
    },
  };
}
