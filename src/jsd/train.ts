import * as tf from "@tensorflow/tfjs";
import { rng, type Rng } from "../random";
import { algorithm2GeneratorStep, algorithm2LeastSquaresStep, discriminatorStep } from "./gan";
import { residualGenerator } from "./generator";
import { mlp } from "../nets";
import { checkMixture, sampleMixture, standardNormal, type IsoMixture } from "./mixture";

/**
 * Algorithm 2 (Huang–Zhang) as a simulation of the JSD flow: each outer step k
 *   1. dSteps Adam steps of the discriminator's BCE (fresh data and fresh generated samples),
 *   2. targets y_i = G(z_i) + ε ∇D/(2(1 − D)) on a fresh noise batch,
 *   3. gInner Adam steps of the regression (1/m)Σ|G(z_i) − y_i|² onto those fixed targets,
 * so the law of G(Z) after k steps approximates the flow at time t = ε k.
 */
export interface JsdGanConfig {
  readonly target: IsoMixture;
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
  readonly history: (JsdGanLogs & { readonly step: number })[];
  readonly checkpoints: JsdGanCheckpoint[];
  readonly msPerStep: number;
}

function checkConfig(c: JsdGanConfig): number {
  const d = checkMixture(c.target, "trainJsdGan: target");
  const ints: [string, number][] = [["outerSteps", c.outerSteps], ["dSteps", c.dSteps], ["gInner", c.gInner],
    ["batch", c.batch], ["checkpointEvery", c.checkpointEvery], ["evalSamples", c.evalSamples]];
  if (c.dWarmup !== undefined && (!Number.isInteger(c.dWarmup) || c.dWarmup < 0)) {
    throw new Error(`trainJsdGan: dWarmup must be a non-negative integer, got ${c.dWarmup}`);
  }
  if (c.dBatch !== undefined) ints.push(["dBatch", c.dBatch]);
  if (c.gBatch !== undefined) ints.push(["gBatch", c.gBatch]);
  for (const [name, v] of ints) if (!Number.isInteger(v) || v < 1) throw new Error(`trainJsdGan: ${name} must be a positive integer, got ${v}`);
  const pos: [string, number][] = [["eps", c.eps], ["lrD", c.lrD], ["lrG", c.lrG]];
  if (c.lrDFinal !== undefined) pos.push(["lrDFinal", c.lrDFinal]);
  if (c.gAdamEpsilon !== undefined) pos.push(["gAdamEpsilon", c.gAdamEpsilon]);
  if (c.gRidge !== undefined) pos.push(["gRidge", c.gRidge]);
  for (const [name, v] of pos) {
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`trainJsdGan: ${name} must be a positive number, got ${v}`);
  }
  return d;
}

function batchOf(m: IsoMixture, n: number, d: number, r: Rng): tf.Tensor2D {
  return tf.tensor2d(sampleMixture(m, n, r), [n, d]);
}

export function trainJsdGan(cfg: JsdGanConfig): JsdGanResult {
  const d = checkConfig(cfg);
  const r = rng(cfg.seed);
  const noise = standardNormal(d);
  const gen = residualGenerator({ dim: d, hidden: cfg.genHidden, seed: cfg.seed + 1, outputInit: "zero",
    ...(cfg.genFirstLayerScale !== undefined ? { firstLayerScale: cfg.genFirstLayerScale } : {}),
    ...(cfg.genActivation !== undefined ? { activation: cfg.genActivation } : {}) });
  const logit = mlp({ inDim: d, hidden: cfg.discHidden, seed: cfg.seed + 2 });
  const optD = tf.train.adam(cfg.lrD, 0.5, 0.999);
  const optG = (cfg.gOptimizer ?? "adam") !== "sgd" ? tf.train.adam(cfg.lrG, 0.5, 0.999, cfg.gAdamEpsilon) : tf.train.sgd(cfg.lrG);
  const dBatch = cfg.dBatch ?? cfg.batch;
  const lrDAt = (k: number): number => cfg.lrD * Math.pow((cfg.lrDFinal ?? cfg.lrD) / cfg.lrD, (k - 1) / Math.max(1, cfg.outerSteps - 1));
  const zEval = batchOf(noise, cfg.evalSamples, d, r.fork());
  const history: (JsdGanLogs & { step: number })[] = [];
  const checkpoints: JsdGanCheckpoint[] = [];
  const record = (step: number): void => {
    const x = gen.apply(zEval);
    checkpoints.push({ step, t: cfg.eps * step, samples: Float32Array.from(x.dataSync()) });
    x.dispose();
  };
  const trainD = (steps: number): number => {
    let dLoss = NaN;
    for (let j = 0; j < steps; j++) {
      const xData = batchOf(cfg.target, dBatch, d, r);
      const z = batchOf(noise, dBatch, d, r);
      const xGen = gen.apply(z);
      dLoss = discriminatorStep(logit, optD, xData, xGen);
      tf.dispose([xData, z, xGen]);
    }
    return dLoss;
  };
  try {
    record(0);
    trainD(cfg.dWarmup ?? 0);
    // timed after the warm-up: msPerStep is the cost of one outer step (dSteps + gInner + targets)
    const start = Date.now();
    for (let k = 1; k <= cfg.outerSteps; k++) {
      // tfjs reads the (protected) rate at every step; a new optimiser would lose Adam's moments
      (optD as unknown as { learningRate: number }).learningRate = lrDAt(k);
      const dLoss = trainD(cfg.dSteps);
      const z = batchOf(noise, cfg.gBatch ?? cfg.batch, d, r);
      const fit = cfg.gOptimizer === "lstsq"
        ? algorithm2LeastSquaresStep(gen, logit, z, cfg.eps, cfg.gRidge ?? 1e-4)
        : algorithm2GeneratorStep(gen, logit, z, cfg.eps, optG, cfg.gInner);
      z.dispose();
      const logs = { t: cfg.eps * k, dLoss, fitBefore: fit.before, fitAfter: fit.after };
      history.push({ step: k, ...logs });
      cfg.onStep?.(k, logs);
      if (k % cfg.checkpointEvery === 0 || k === cfg.outerSteps) record(k);
    }
    const msPerStep = (Date.now() - start) / cfg.outerSteps;
    return { history, checkpoints, msPerStep };
  } finally {
    tf.dispose([zEval]);
    optD.dispose();
    optG.dispose();
    gen.dispose();
    logit.dispose();
  }
}
