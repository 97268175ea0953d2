import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random";
import { adamPlayer, runLoop, prefixLogs, type Logs, type TrainResult } from "../train";
import type { TradingParams } from "./problem";
import {
  densityJet,
  densityValue,
  fpResidual,
  hjbResidual,
  netInput,
  tradingScaling,
  valueJet,
  valueValue,
  vbarByQuadrature,
  type TradingNets,
  type TradingScaling,
} from "./dgm-model";

export interface TradingDgmConfig {
  readonly seed: number;
  readonly steps: number;
  /** Adam learning rates of the value and density players (decayed geometrically to ×lrDecay) */
  readonly lrU: number;
  readonly lrM: number;
  readonly lrDecay: number;
  /** collocation batch: nT random times × a shifted uniform grid of nQ inventories */
  readonly nT: number;
  readonly nQ: number;
  /** extra residual points per time, stratified on q̄ ± 4s of the current density net (0: none) */
  readonly nA: number;
  /** penalty weights of u(T,q) = −Aq² and m(0,·) = m₀ */
  readonly terminalWeight: number;
  readonly initialWeight: number;
  /** value-player Adam steps per iteration (on the same batch and frozen v̄) */
  readonly uSteps: number;
  readonly logEvery: number;
  readonly onStep?: (i: number, logs: Logs) => void;
}

export const TRADING_DGM_DEFAULTS: Omit<TradingDgmConfig, "onStep"> = {
  seed: 0,
  steps: 5000,
  lrU: 1e-2,
  lrM: 1e-2,
  lrDecay: 0.01,
  nT: 16,
  nQ: 64,
  nA: 64,
  terminalWeight: 1,
  initialWeight: 10,
  uSteps: 2,
  logEvery: 50,
};

/** One step's sample points (rows grouped by time) and the penalty points at t = 0 and t = T. */
interface Batch {
  readonly times: readonly number[];
  /** the uniform grid rows (nT·nQ), used for the quadrature of v̄ */
  readonly xGrid: tf.Tensor2D;
  /** residual points: the grid rows followed by the adaptive rows (nT·nA) */
  readonly x: tf.Tensor2D;
  readonly q: tf.Tensor2D;
  readonly x0: tf.Tensor2D;
  readonly xT: tf.Tensor2D;
  readonly qEdge: tf.Tensor2D;
  readonly m0: tf.Tensor2D;
}

export function initialDensity(p: TradingParams, q: number): number {
  const z = (q - p.mu0) / p.s0;
  return Math.exp(-0.5 * z * z) / (p.s0 * Math.sqrt(2 * Math.PI));
}

/**
 * Where the population is, per time: mean and standard deviation of the density net on the grid.
 * Early on m is near uniform and the window covers the whole interval; it narrows as m does.
 */
function populationWindows(p: TradingParams, nets: TradingNets, xGrid: tf.Tensor2D, qs: readonly number[], nT: number) {
  const m = densityValue(p, nets.m, xGrid, { nT: nT, nQ: qs.length, nA: 0 });
  const v = m.dataSync();
  m.dispose();
  return Array.from({ length: nT }, (_, i) => {
    let [w, s1, s2] = [0, 0, 0];
    qs.forEach((q, j) => {
      const mi = v[i * qs.length + j] as number;
      [w, s1, s2] = [w + mi, s1 + mi * q, s2 + mi * q * q];
    });
    const mean = w > 0 ? s1 / w : (p.qMin + p.qMax) / 2;
    const sd = w > 0 ? Math.sqrt(Math.max(s2 / w - mean * mean, 0)) : p.qMax - p.qMin;
    return { mean, sd: Math.max(sd, (p.qMax - p.qMin) / (4 * qs.length)) };
  });
}

function sampleBatch(p: TradingParams, sc: TradingScaling, nets: TradingNets, c: TradingDgmConfig, r: Rng): Batch {
  const h = (p.qMax - p.qMin) / c.nQ;
  const shift = r.uniform();
  const qs = Array.from({ length: c.nQ }, (_, j) => p.qMin + (j + shift) * h);
  const times = Array.from({ length: c.nT }, (_, i) => ((i + r.uniform()) / c.nT) * p.T); // stratified
  const t = times.flatMap((ti) => qs.map(() => ti));
  const q = times.flatMap(() => qs);
  const xGrid = netInput(p, sc, t, q);
  if (c.nA > 0) {
    const win = populationWindows(p, nets, xGrid, qs, c.nT);
    times.forEach((ti, i) => {
      const { mean, sd } = win[i] as { mean: number; sd: number };
      for (let k = 0; k < c.nA; k++) {
        const qa = mean + 4 * sd * ((2 * (k + r.uniform())) / c.nA - 1);
        t.push(ti);
        q.push(Math.min(p.qMax, Math.max(p.qMin, qa)));
      }
    });
  }
  return {
    times,
    xGrid,
    x: c.nA > 0 ? netInput(p, sc, t, q) : xGrid.clone(),
    q: tf.tensor2d(q, [q.length, 1]),
    x0: netInput(p, sc, qs.map(() => 0), qs),
    xT: netInput(p, sc, qs.map(() => p.T), qs),
    qEdge: tf.tensor2d(qs, [qs.length, 1]),
    m0: tf.tensor2d(qs.map((x) => initialDensity(p, x)), [qs.length, 1]),
  };
}

/** The mean field seen by each player this step, frozen (computed outside the players' tapes). */
function frozenField(p: TradingParams, sc: TradingScaling, nets: TradingNets, b: Batch, c: TradingDgmConfig) {
  return tf.tidy(() => {
    const nGrid = c.nT * c.nQ;
    const j = valueJet(p, sc, nets.u, b.x);
    const m = densityValue(p, nets.m, b.xGrid, { nT: c.nT, nQ: c.nQ, nA: 0 });
    const vbar = vbarByQuadrature(p, tf.slice(j.uq, [0, 0], [nGrid, 1]), m, c.nT, c.nQ);
    const rows = [tf.tile(vbar, [1, c.nQ]).reshape([nGrid, 1])];
    if (c.nA > 0) rows.push(tf.tile(vbar, [1, c.nA]).reshape([c.nT * c.nA, 1]));
    return { uq: j.uq, uqq: j.uqq, vbarRows: tf.concat(rows, 0) as tf.Tensor2D };
  });
}

/**
 * DGM for the coupled HJB–FP system, simultaneous (Jacobi) play: each step both players see the
 * same frozen mean field — the value player v̄_t from the current (u, m), the density player the
 * current ∂q u, ∂qq u — and take one Adam step each on their own residual plus penalty.
 */
export function trainTradingDgm(p: TradingParams, nets: TradingNets, config: Partial<TradingDgmConfig> = {}): TrainResult {
  const c: TradingDgmConfig = { ...TRADING_DGM_DEFAULTS, ...config };
  for (const k of ["nT", "nQ"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 2) throw new Error(`trainTradingDgm: ${k} must be an integer >= 2, got ${c[k]}`);
  }
  if (!Number.isInteger(c.nA) || c.nA < 0) throw new Error(`trainTradingDgm: nA must be an integer >= 0, got ${c.nA}`);
  if (!Number.isInteger(c.uSteps) || c.uSteps < 1) throw new Error(`trainTradingDgm: uSteps must be an integer >= 1, got ${c.uSteps}`);
  const sc = tradingScaling(p);
  const uPlayer = adamPlayer({ name: "u", vars: nets.u.vars, lr: c.lrU });
  const mPlayer = adamPlayer({ name: "m", vars: nets.m.vars, lr: c.lrM });
  const loop = {
    seed: c.seed,
    steps: c.steps,
    lr: 1,
    lrFinal: c.lrDecay,
    logEvery: c.logEvery,
    ...(c.onStep ? { onStep: c.onStep } : {}),
  };
  try {
    return runLoop(loop, (i, ctx) => {
      uPlayer.setLearningRate(c.lrU * ctx.lrFactor);
      mPlayer.setLearningRate(c.lrM * ctx.lrFactor);
      const b = sampleBatch(p, sc, nets, c, ctx.rng);
      const f = frozenField(p, sc, nets, b, c);
      try {
        let uLogs = uPlayer.step(() => valueLoss(p, sc, nets, b, f.vbarRows, c), i);
        for (let k = 1; k < c.uSteps; k++) uLogs = uPlayer.step(() => valueLoss(p, sc, nets, b, f.vbarRows, c), i);
        const mLogs = mPlayer.step(() => densityLoss(p, sc, nets, b, f.uq, f.uqq, c), i);
        return { ...prefixLogs("u", uLogs), ...prefixLogs("m", mLogs) };
      } finally {
        tf.dispose([f.uq, f.uqq, f.vbarRows, b.xGrid, b.x, b.q, b.x0, b.xT, b.qEdge, b.m0]);
      }
    });
  } finally {
    uPlayer.dispose();
    mPlayer.dispose();
  }
}

function valueLoss(p: TradingParams, sc: TradingScaling, nets: TradingNets, b: Batch, vbarRows: tf.Tensor2D, c: TradingDgmConfig) {
  const j = valueJet(p, sc, nets.u, b.x);
  const hjb = tf.mean(tf.square(tf.div(hjbResidual(p, j, b.q, vbarRows), sc.uScale))) as tf.Scalar;
  const uT = valueValue(sc, nets.u, b.xT);
  const gap = tf.div(tf.add(uT, tf.mul(tf.square(b.qEdge), p.A)), sc.uScale);
  const terminal = tf.mean(tf.square(gap)) as tf.Scalar;
  return { total: tf.add(hjb, tf.mul(terminal, c.terminalWeight)) as tf.Scalar, terms: { hjb, terminal } };
}

function densityLoss(
  p: TradingParams,
  sc: TradingScaling,
  nets: TradingNets,
  b: Batch,
  uq: tf.Tensor2D,
  uqq: tf.Tensor2D,
  c: TradingDgmConfig,
) {
  const d = densityJet(p, sc, nets.m, b.x, { nT: c.nT, nQ: c.nQ, nA: c.nA });
  const fp = tf.mean(tf.square(fpResidual(p, d, uq, uqq))) as tf.Scalar;
  const m0 = densityValue(p, nets.m, b.x0, { nT: 1, nQ: c.nQ, nA: 0 });
  const initial = tf.mean(tf.square(tf.sub(m0, b.m0))) as tf.Scalar;
  return { total: tf.add(fp, tf.mul(initial, c.initialWeight)) as tf.Scalar, terms: { fp, initial } };
}
