import * as tf from "@tensorflow/tfjs";
import { nonNegativeInt, oneOf } from "../config";
import { dgm, mlp, type Activation, type Net } from "../nets";
import { relL2, residualRms, supError } from "../metrics";
import { linspace } from "../sampling";
import { fit, resolveLoopConfig, type LoopConfig, type Logs, type TrainResult } from "../train";
import { odeDgmLoss, odeResidual, resolveOdeDgmOptions, trialSolution, type OdeDgmOptions, type TrialOptions } from "./dgm-loss";
import { referenceOn, type OdeProblem } from "./problem";

/** which network approximates N: an MLP of `depth` hidden layers, or a DGM net of `depth` gated layers */
export interface NetSpec {
  readonly kind: "mlp" | "dgm";
  readonly width: number;
  readonly depth: number;
  readonly activation?: Activation;
}

export function buildNet(spec: NetSpec, inDim: number, seed: number): Net {
  const common = { inDim, seed, ...(spec.activation !== undefined ? { activation: spec.activation } : {}) };
  const kind = oneOf(["mlp", "dgm"])("ode net", "kind", spec.kind);
  if (kind === "mlp") return mlp({ ...common, hidden: new Array<number>(spec.depth).fill(spec.width) });
  return dgm({ ...common, width: spec.width, layers: spec.depth });
}

export interface OdeSolveOptions extends Partial<OdeDgmOptions>, Partial<LoopConfig> {
  readonly net?: NetSpec;
  /** evaluation grid size for the metrics (uniform, endpoints included) */
  readonly gridPoints?: number;
  /** the error curve: rel L2 / sup error on a 200-point grid every evalEvery steps and at the last (0: none) */
  readonly evalEvery?: number;
}

/** a point of the error curve: the metrics of the net after `step` + 1 steps */
export interface OdeCurvePoint {
  readonly step: number;
  readonly rel_l2_error: number;
  readonly sup_error: number;
}

export interface OdeEvaluation {
  readonly x: Float64Array;
  readonly phi: Float64Array;
  readonly reference: Float64Array;
  readonly error: Float64Array;
  readonly rel_l2_error: number;
  readonly sup_error: number;
  readonly residual_rms: number;
}

export interface OdeSolution extends OdeEvaluation {
  readonly net: Net;
  readonly train: TrainResult;
  readonly options: OdeDgmOptions;
  /** empty unless options.evalEvery > 0 */
  readonly curve: readonly OdeCurvePoint[];
}

// depth 3 beat depth 2 at equal wall time on problem 1 (2-3e-4 vs 2-8e-4 rel L2 over seeds)
export const defaultOdeNet: NetSpec = { kind: "mlp", width: 32, depth: 3 };

/** the trained trial solution against the exact/RK4 reference on a uniform grid of [a, b] */
export function evaluateOde(net: Net, problem: OdeProblem, o: TrialOptions, gridPoints = 1000): OdeEvaluation {
  const x = Float64Array.from(Float32Array.from(linspace(problem.a, problem.b, gridPoints)));
  const [phi, res] = tf.tidy(() => {
    const xt = tf.tensor2d(Float32Array.from(x), [gridPoints, 1]);
    return [trialSolution(net, problem, o, xt).phi.dataSync(), odeResidual(net, problem, o, xt).dataSync()];
  });
  const reference = referenceOn(problem, x);
  const phi64 = Float64Array.from(phi as Float32Array);
  const error = phi64.map((p, i) => p - (reference[i] as number));
  return {
    x, phi: phi64, reference, error,
    rel_l2_error: relL2(phi64, reference),
    sup_error: supError(phi64, reference),
    residual_rms: residualRms(res as Float32Array),
  };
}

/** the init stream of the net: offset so that it and the sampling stream (rng(seed) in the loop) differ */
export function odeInitSeed(seed: number): number {
  return seed + 1_000_003;
}

/** build a net, train it with the DGM loss (fresh samples each step), evaluate it; the caller owns result.net */
export function solveOdeDgm(problem: OdeProblem, opts: OdeSolveOptions = {}): OdeSolution {
  const { net: spec, gridPoints, evalEvery, boundary, sampling, samplingPower, batch, penaltyWeight, inputScale, ...loop } = opts;
  const options = resolveOdeDgmOptions(strip({ boundary, sampling, samplingPower, batch, penaltyWeight, inputScale }));
  const config = resolveLoopConfig(loop);
  if (evalEvery !== undefined) nonNegativeInt("ode options", "evalEvery", evalEvery);
  const net = buildNet(spec ?? defaultOdeNet, 1, odeInitSeed(config.seed));
  try {
    const curve: OdeCurvePoint[] = [];
    const every = evalEvery ?? 0;
    const onStep = every === 0 ? config.onStep : (i: number, logs: Logs): void => {
      if ((i + 1) % every === 0 || i === config.steps - 1) {
        const e = evaluateOde(net, problem, options, 200);
        curve.push({ step: i + 1, rel_l2_error: e.rel_l2_error, sup_error: e.sup_error });
      }
      config.onStep?.(i, logs);
    };
    const train = fit({ ...config, ...(onStep !== undefined ? { onStep } : {}), name: "phi", vars: net.vars, loss: odeDgmLoss(net, problem, options) });
    return { net, train, options, curve, ...evaluateOde(net, problem, options, gridPoints ?? 1000) };
  } catch (e) {
    net.dispose();
    throw e;
  }
}

/** drops undefined fields (exactOptionalPropertyTypes: absent is not the same as undefined) */
function strip<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Step budgets for problem 1 with the default options (measured: see the notebook's report).
 * full: rel L2 ≤ 1e-3 reliably; quick: a CI smoke run, rel L2 ≤ 2e-2.
 */
export const odeWarmupBudgets = {
  full: { steps: 2500, lr: 5e-3, lrFinal: 5e-5, lrHold: 0.5, logEvery: 50 },
  quick: { steps: 400, lr: 5e-3, lrFinal: 5e-4, lrHold: 0.5, logEvery: 20 },
} as const satisfies Record<string, Partial<LoopConfig>>;
