import * as tf from "@tensorflow/tfjs";
import { all, finitePositive, integer, nonNegativeInt, oneOf, optional, positiveInt } from "../config";
import { mlp, type Net } from "../nets";
import { rng, type Rng } from "../random";
import { adamPlayer, runLoop, sgdPlayer, type HistoryRow, type LoopConfig, type OptimizerPlayer } from "../train";
import {
  algorithm2GeneratorStep, algorithm2LeastSquaresStep, discriminatorStep, equivalenceCheck, ganGeneratorLoss, ganGeneratorStep,
  type EquivalenceResult, type GStepReport,
} from "./gan";
import { residualGenerator, type Generator } from "./generator";
import { checkMixture, sampleMixture, standardNormal, type IsoMixture } from "../domains";

/**
 * Algorithm 2 (Huang–Zhang) as a simulation of the JSD flow: each outer step k
 *   1. dSteps Adam steps of the discriminator's BCE (fresh data and fresh generated samples),
 *   2. targets y_i = G(z_i) + ε ∇D/(2(1 − D)) on a fresh noise batch,
 *   3. gInner steps (Adam or SGD, over all of G's layers) of the regression (1/m)Σ|G(z_i) − y_i|²
 *      onto those fixed targets, or its exact solve in G's output layer ("lstsq", an ablation),
 * so the law of G(Z) after k steps approximates the flow at time t = ε k. With gLoss "gan", step 3 is
 * instead the standard GAN generator step on E ln(1 − D(G(z))) at rate ε·lrG.
 */
export interface JsdGanConfig {
  readonly target: IsoMixture;
  /** ρ_0, the law of the noise Z (G_0 = id, so G_0(Z) ~ ρ_0); default N(0, I) */
  readonly source?: IsoMixture;
  readonly seed: number;
  readonly eps: number;
  readonly outerSteps: number;
  readonly dSteps: number;
  /** discriminator steps before the first generator step, so D starts near D* = ρ_d/(ρ_d + ρ_0) */
  readonly dWarmup?: number;
  readonly gInner: number;
  readonly batch: number;
  /** data and generated samples per discriminator step; default `batch` */
  readonly dBatch?: number;
  readonly lrD: number;
  /**
   * D's rate decays geometrically from lrD (first outer step) to lrDFinal (last); default: constant.
   * Why: where ρ_d ≈ 1e-4 the BCE gradient on the logit is ~ρ_d, far below the minibatch noise of
   * the well-populated regions, so a constant Adam rate never lets D settle there.
   */
  readonly lrDFinal?: number;
  readonly lrG: number;
  /**
   * how the regression is minimised: "adam" / "sgd" take gInner steps (default "adam"); "lstsq"
   * solves it exactly in G's output layer (algorithm2LeastSquaresStep, gInner unused)
   */
  readonly gOptimizer?: "adam" | "sgd" | "lstsq";
  /**
   * what G's player descends: "regression" (Algorithm 2, default) or "gan", the standard GAN generator
   * loss E ln(1 − D(G(z))) at rate ε·lrG (gInner steps; "lstsq" is not allowed with it)
   */
  readonly gLoss?: "regression" | "gan";
  /**
   * after the last outer step, equivalenceCheck on the trained G and D (all of G's layers, a fresh
   * noise batch of `batch` samples, plain SGD at `lr` against the GAN step at ε·lr)
   */
  readonly equivalenceAtEnd?: { readonly lr: number; readonly batch: number };
  /** relative ridge of "lstsq"; default 1e-4 */
  readonly gRidge?: number;
  /** noise samples per generator step; default `batch` */
  readonly gBatch?: number;
  /**
   * Adam's ε of the regression; default 1e-7 (tfjs). Why larger: Adam moves every weight by ~lr
   * whatever the size of its gradient, so the weights of units where the flow barely moves
   * (the trapped mass at x ≈ 0) random-walk; with ε above their gradient scale they take small,
   * SGD-like steps instead.
   */
  readonly gAdamEpsilon?: number;
  readonly genHidden: readonly number[];
  /** see GeneratorOptions.firstLayerScale */
  readonly genFirstLayerScale?: number;
  /** see GeneratorOptions.activation */
  readonly genActivation?: "tanh" | "bump";
  readonly discHidden: readonly number[];
  /** record G(z_eval) every this many outer steps (and at 0 and the end) */
  readonly checkpointEvery: number;
  /** size of the fixed evaluation noise batch */
  readonly evalSamples: number;
  readonly onStep?: (step: number, logs: JsdGanLogs) => void;
}

export interface JsdGanLogs {
  readonly t: number;
  readonly dLoss: number;
  /** mean |G(z) − y|² before / after the inner regression */
  readonly fitBefore: number;
  readonly fitAfter: number;
}

export interface JsdGanCheckpoint {
  readonly step: number;
  readonly t: number;
  /** G(z_eval), row-major [evalSamples · d] */
  readonly samples: Float32Array;
}

export interface JsdGanResult {
  /** src/train's history rows, one per outer step: {step: k − 1, t, dLoss, fitBefore, fitAfter, lr (D's), time_s} */
  readonly history: readonly HistoryRow[];
  readonly checkpoints: JsdGanCheckpoint[];
  readonly msPerStep: number;
  /** per generator variable (vars order: w0, b0, w1, b1, …), max |θ_end − θ_0|: which layers training moved */
  readonly layerChange: number[];
  /** present when cfg.equivalenceAtEnd is */
  readonly equivalence?: EquivalenceResult;
}

function checkConfig(c: JsdGanConfig): number {
  const d = checkMixture(c.target, "trainJsdGan: target");
  const sourceDim = c.source === undefined ? d : checkMixture(c.source, "trainJsdGan: source");
  if (sourceDim !== d) throw new Error(`trainJsdGan: source has dimension ${sourceDim}, target ${d}`);
  const where = "trainJsdGan";
  all(where, { outerSteps: c.outerSteps, dSteps: c.dSteps, gInner: c.gInner, batch: c.batch, checkpointEvery: c.checkpointEvery,
    evalSamples: c.evalSamples }, positiveInt);
  all(where, { dBatch: c.dBatch, gBatch: c.gBatch }, optional(positiveInt));
  optional(nonNegativeInt)(where, "dWarmup", c.dWarmup);
  all(where, { eps: c.eps, lrD: c.lrD, lrG: c.lrG }, finitePositive);
  all(where, { lrDFinal: c.lrDFinal, gAdamEpsilon: c.gAdamEpsilon, gRidge: c.gRidge }, optional(finitePositive));
  optional(oneOf(["adam", "sgd", "lstsq"]))(where, "gOptimizer", c.gOptimizer);
  optional(oneOf(["regression", "gan"]))(where, "gLoss", c.gLoss);
  if (c.gLoss === "gan" && c.gOptimizer === "lstsq") throw new Error(`${where}: gLoss "gan" needs a gradient optimiser, not "lstsq"`);
  if (c.equivalenceAtEnd !== undefined) {
    finitePositive(where, "equivalenceAtEnd.lr", c.equivalenceAtEnd.lr);
    positiveInt(where, "equivalenceAtEnd.batch", c.equivalenceAtEnd.batch);
  }
  integer(where, "seed", c.seed);
  return d;
}

function batchOf(m: IsoMixture, n: number, d: number, r: Rng): tf.Tensor2D {
  return tf.tensor2d(sampleMixture(m, n, r), [n, d]);
}

/**
 * G's player over all of G's variables (every layer): none for "lstsq" (solved exactly); β₁ = 0.5 as
 * for D; the GAN loss takes the rate ε·lrG, Algorithm 2's regression lrG.
 */
function generatorPlayer(cfg: JsdGanConfig, gen: Generator): OptimizerPlayer | undefined {
  const kind = cfg.gOptimizer ?? "adam";
  if (kind === "lstsq") return undefined;
  const lr = cfg.gLoss === "gan" ? cfg.eps * cfg.lrG : cfg.lrG;
  if (kind === "sgd") return sgdPlayer({ name: "generator", vars: gen.vars, lr });
  return adamPlayer({ name: "generator", vars: gen.vars, lr, beta1: 0.5, beta2: 0.999, epsilon: cfg.gAdamEpsilon ?? tfjsEpsilon() });
}

/** gInner steps of the standard GAN generator loss; before/after are that loss, not a regression residual */
function ganSteps(gen: Generator, logit: Net, z: tf.Tensor2D, player: OptimizerPlayer, inner: number, k: number): GStepReport {
  let before = NaN;
  for (let j = 0; j < inner; j++) {
    const v = ganGeneratorStep(gen, logit, z, player, k);
    if (j === 0) before = v;
  }
  const loss = ganGeneratorLoss(gen, logit, z);
  const after = loss.dataSync()[0] as number;
  loss.dispose();
  return { before, after };
}

/** per variable, max |a − b| */
function maxAbsChange(a: readonly Float32Array[], b: readonly Float32Array[]): number[] {
  return a.map((x, l) => {
    const y = b[l] as Float32Array;
    let m = 0;
    for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs((x[i] as number) - (y[i] as number)));
    return m;
  });
}

/** ε of tf.train.adam when none is given (the backend's float32 epsilon, 1e-7) */
const tfjsEpsilon = (): number => tf.backend().epsilon();

/** D's rate: lrD at the first outer step, geometric decay to lrDFinal at the last (src/train's schedule) */
function loopConfig(cfg: JsdGanConfig, onStep: (i: number) => void): Partial<LoopConfig> {
  return { seed: cfg.seed, steps: cfg.outerSteps, lr: cfg.lrD, logEvery: 1, onStep,
    ...(cfg.lrDFinal !== undefined ? { lrFinal: cfg.lrDFinal } : {}) };
}

/** the two players of one run and its outer step, apart from the loop that drives them */
interface JsdRun {
  /** at loop step 0: the evaluation noise (a fork of r), checkpoint 0, D's warm-up */
  start(r: Rng): void;
  /** outer step k at D's scheduled rate lr */
  outer(r: Rng, k: number, lr: number): JsdGanLogs;
  readonly checkpoints: JsdGanCheckpoint[];
  /** after the loop: the per-variable change of G and, if asked, the equivalence at the trained state */
  finish(r: Rng): { layerChange: number[]; equivalence?: EquivalenceResult };
  dispose(): void;
}

function jsdRun(cfg: JsdGanConfig, d: number): JsdRun {
  const noise = cfg.source ?? standardNormal(d);
  const gen = residualGenerator({ dim: d, hidden: cfg.genHidden, seed: cfg.seed + 1, outputInit: "zero",
    ...(cfg.genFirstLayerScale !== undefined ? { firstLayerScale: cfg.genFirstLayerScale } : {}),
    ...(cfg.genActivation !== undefined ? { activation: cfg.genActivation } : {}) });
  const logit = mlp({ inDim: d, hidden: cfg.discHidden, seed: cfg.seed + 2 });
  const dPlayer = adamPlayer({ name: "discriminator", vars: logit.vars, lr: cfg.lrD, beta1: 0.5, beta2: 0.999, epsilon: tfjsEpsilon() });
  const gPlayer = generatorPlayer(cfg, gen);
  const theta0 = gen.snapshot();
  const dBatch = cfg.dBatch ?? cfg.batch;
  let zEval: tf.Tensor2D | undefined;
  const checkpoints: JsdGanCheckpoint[] = [];
  const record = (step: number): void => {
    const x = gen.apply(zEval as tf.Tensor2D);
    checkpoints.push({ step, t: cfg.eps * step, samples: Float32Array.from(x.dataSync()) });
    x.dispose();
  };
  const trainD = (r: Rng, steps: number, k: number): number => {
    let dLoss = NaN;
    for (let j = 0; j < steps; j++) {
      const xData = batchOf(cfg.target, dBatch, d, r);
      const z = batchOf(noise, dBatch, d, r);
      const xGen = gen.apply(z);
      dLoss = discriminatorStep(logit, dPlayer, xData, xGen, k);
      tf.dispose([xData, z, xGen]);
    }
    return dLoss;
  };
  const generatorStep = (r: Rng, k: number): GStepReport => {
    const z = batchOf(noise, cfg.gBatch ?? cfg.batch, d, r);
    try {
      if (gPlayer === undefined) return algorithm2LeastSquaresStep(gen, logit, z, cfg.eps, cfg.gRidge ?? 1e-4, k);
      return cfg.gLoss === "gan"
        ? ganSteps(gen, logit, z, gPlayer, cfg.gInner, k)
        : algorithm2GeneratorStep(gen, logit, z, cfg.eps, gPlayer, cfg.gInner, k);
    } finally {
      z.dispose();
    }
  };
  return {
    start(r) {
      zEval = batchOf(noise, cfg.evalSamples, d, r.fork());
      record(0);
      trainD(r, cfg.dWarmup ?? 0, 0);
    },
    outer(r, k, lr) {
      // a rate change keeps Adam's moments (a new optimiser would lose them)
      dPlayer.setLearningRate(lr);
      const dLoss = trainD(r, cfg.dSteps, k);
      const fit = generatorStep(r, k);
      if (k % cfg.checkpointEvery === 0 || k === cfg.outerSteps) record(k);
      return { t: cfg.eps * k, dLoss, fitBefore: fit.before, fitAfter: fit.after };
    },
    checkpoints,
    finish(r) {
      const layerChange = maxAbsChange(gen.snapshot(), theta0);
      const eq = cfg.equivalenceAtEnd;
      if (eq === undefined) return { layerChange };
      const z = batchOf(noise, eq.batch, d, r);
      try {
        return { layerChange, equivalence: equivalenceCheck(gen, logit, z, cfg.eps, eq.lr) };
      } finally {
        z.dispose();
      }
    },
    dispose() {
      zEval?.dispose();
      dPlayer.dispose();
      gPlayer?.dispose();
      gen.dispose();
      logit.dispose();
    },
  };
}

/**
 * Runs on src/train's loop: loop step i is outer step k = i + 1; the loop's stream rng(seed) draws,
 * in order, the fork for the evaluation noise, the warm-up batches, then each step's batches.
 */
export function trainJsdGan(cfg: JsdGanConfig): JsdGanResult {
  const run = jsdRun(cfg, checkConfig(cfg));
  let warmUpMs = 0;
  let last: JsdGanLogs | undefined;
  try {
    const loop = runLoop(loopConfig(cfg, (i) => cfg.onStep?.(i + 1, last as JsdGanLogs)), (i, ctx) => {
      if (i === 0) {
        const t0 = performance.now();
        run.start(ctx.rng);
        warmUpMs = performance.now() - t0;
      }
      last = run.outer(ctx.rng, i + 1, ctx.lr);
      return { ...last };
    });
    // the cost of one outer step (dSteps + the generator step + targets), without the warm-up
    const msPerStep = (1000 * loop.seconds - warmUpMs) / cfg.outerSteps;
    // the end check draws from its own stream, so it changes nothing in the run
    return { history: loop.history, checkpoints: run.checkpoints, msPerStep, ...run.finish(rng(cfg.seed + 3)) };
  } finally {
    run.dispose();
  }
}
