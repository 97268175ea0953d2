import * as tf from "@tensorflow/tfjs";
import { rng } from "../random";
import { maxEntropyJet } from "./density";
import { relL2 } from "../metrics";
import { relL2Centered, rms } from "./metrics";
import { fpResidual, hjbResidual } from "./residuals";
import type { ErgodicSolver, ErgodicStepLogs } from "./scheme";
import { latinTorus, uniformTorus } from "./torus-sampling";

/** Accuracy against the exact solution, by Monte Carlo on uniform points of the torus. */
export interface ErgodicMetrics {
  /** ‖u_θ − ū_θ − (u − ū)‖/‖u − ū‖ (u is defined up to a constant) */
  readonly relL2U: number;
  readonly relL2M: number;
  readonly lambdaAbsError: number;
  /** RMS of the HJB residual ½Δu + ½|∇u|² − λ − f̃ − ln m at the learned (u, m, λ) */
  readonly hjbRms: number;
  /** RMS of the FP residual −½Δm + div(m∇u) at the learned (u, m) */
  readonly fpRms: number;
}

export type ErgodicHistoryRow = ErgodicStepLogs & ErgodicMetrics & {
  readonly iteration: number;
  /** wall-clock ms per outer iteration, averaged since the previous evaluation */
  readonly msPerIteration: number;
};

/** Fixed evaluation points for a solver: uniform on the torus, from a seed of their own. */
export function evaluationPoints(solver: ErgodicSolver, n = solver.config.evalPoints): tf.Tensor2D {
  return uniformTorus(rng(solver.config.seed + 0x5eed), n, solver.problem.d);
}

export function evaluateErgodic(solver: ErgodicSolver, x: tf.Tensor2D): ErgodicMetrics {
  const { problem, value, density } = solver;
  const logZ = solver.logZ();
  const lam = solver.lambda();
  const out = tf.tidy(() => {
    const uJet = value.jet(x);
    const mJet = maxEntropyJet(density.jet(x), tf.scalar(logZ));
    const ex = problem.exactDensityJet(x);
    const hjb = hjbResidual(uJet, mJet.logM, lam, problem.fTilde(x));
    const fp = fpResidual(uJet, mJet);
    return [uJet.u, problem.exactUJet(x).u, mJet.m, ex.m, hjb, fp];
  });
  const [u, uEx, m, mEx, hjb, fp] = out as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const metrics: ErgodicMetrics = {
    relL2U: relL2Centered(u.dataSync(), uEx.dataSync()),
    relL2M: relL2(m.dataSync(), mEx.dataSync()),
    lambdaAbsError: Math.abs(lam - problem.lambdaStar),
    hjbRms: rms(hjb),
    fpRms: rms(fp),
  };
  tf.dispose(out);
  return metrics;
}

/** Learned and exact u and m at x, as plain arrays; learned u is shifted to Monte Carlo mean zero. */
export function predictErgodic(
  solver: ErgodicSolver,
  x: tf.Tensor2D,
): { u: Float32Array; uExact: Float32Array; m: Float32Array; mExact: Float32Array } {
  const { problem, value, density } = solver;
  const logZ = solver.logZ();
  const y = latinTorus(rng(solver.config.seed + 0x3ea2), 16384, problem.d);
  const out = tf.tidy(() => {
    const meanU = tf.mean(value.apply(y));
    const ex = problem.exactDensityJet(x);
    return [
      tf.sub(value.apply(x), meanU),
      problem.exactUJet(x).u,
      tf.exp(tf.sub(density.apply(x), logZ)),
      ex.m,
    ];
  });
  y.dispose();
  const [u, uExact, m, mExact] = out.map((t) => t.dataSync() as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
  tf.dispose(out);
  return { u, uExact, m, mExact };
}

export interface TrainErgodicOptions {
  /** called after every outer iteration with plain numbers */
  readonly onStep?: (i: number, logs: ErgodicStepLogs) => void;
  /** called after each evaluation with the new history row */
  readonly onEval?: (row: ErgodicHistoryRow) => void;
}

/** Runs config.iterations outer iterations; returns one history row per evaluation. */
export function trainErgodic(solver: ErgodicSolver, opts: TrainErgodicOptions = {}): ErgodicHistoryRow[] {
  const { iterations, evalEvery } = solver.config;
  const x = evaluationPoints(solver);
  const rows: ErgodicHistoryRow[] = [];
  let t0 = performance.now();
  let since = 0;
  try {
    for (let i = 0; i < iterations; i++) {
      const logs = solver.step(i);
      since++;
      opts.onStep?.(i, logs);
      if ((i + 1) % evalEvery !== 0 && i !== iterations - 1) continue;
      const msPerIteration = (performance.now() - t0) / since;
      const row = { iteration: i + 1, ...logs, ...evaluateErgodic(solver, x), msPerIteration };
      rows.push(row);
      opts.onEval?.(row);
      t0 = performance.now();
      since = 0;
    }
  } finally {
    x.dispose();
  }
  return rows;
}
