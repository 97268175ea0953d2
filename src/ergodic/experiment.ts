import * as tf from "@tensorflow/tfjs";
import { dgm, type Net } from "../nets";
import type { ErgodicConfig } from "./config";
import { trainErgodic, type ErgodicHistoryRow, type TrainErgodicOptions } from "./evaluate";
import { ergodicTorus } from "./problem";
import { createErgodicSolver, type ErgodicSolver } from "./scheme";

/** One case of the notebook: problem (d, c), the two DGM nets, the scheme's knobs. */
export interface ErgodicCase {
  readonly d: number;
  readonly c: number;
  /** DGM width and number of gated layers, shared by both players */
  readonly width: number;
  readonly layers: number;
  readonly config: Partial<ErgodicConfig>;
  /**
   * Start both players from u ≡ 0 and N ≡ 0 (m uniform) by zeroing the DGM read-out: the exact
   * solution is a small perturbation of that state when c is small, and random outputs of O(1)
   * in every coordinate otherwise cost a long transient in d = 10. Default true.
   */
  readonly zeroReadout?: boolean;
}

/** Zeroes the read-out layer of a DGM net (its last two variables, W then b, per dgm()'s contract). */
export function zeroReadout(net: Net): void {
  for (const v of net.vars.slice(-2)) {
    const z = tf.zerosLike(v);
    v.assign(z);
    z.dispose();
  }
}

export interface ErgodicRun {
  readonly solver: ErgodicSolver;
  readonly history: ErgodicHistoryRow[];
  readonly wallSeconds: number;
  /** frees λ, the optimizers and both nets */
  dispose(): void;
}

/**
 * Builds the value net u_θ and the density net N_ψ (DGM, tanh, periodic features; seeds derived
 * from config.seed so the two players start different) and trains them with the alternating scheme.
 */
export function runErgodicCase(spec: ErgodicCase, opts: TrainErgodicOptions = {}): ErgodicRun {
  const problem = ergodicTorus({ d: spec.d, c: spec.c });
  const seed = spec.config.seed ?? 1;
  const net = (s: number) => dgm({ inDim: spec.d, periodic: true, width: spec.width, layers: spec.layers, seed: s });
  const value = net(2 * seed);
  const density = net(2 * seed + 1);
  if (spec.zeroReadout ?? true) {
    zeroReadout(value);
    zeroReadout(density);
  }
  const solver = createErgodicSolver(problem, value, density, spec.config);
  const dispose = (): void => {
    solver.dispose();
    value.dispose();
    density.dispose();
  };
  const t0 = performance.now();
  try {
    const history = trainErgodic(solver, opts);
    return { solver, history, wallSeconds: (performance.now() - t0) / 1000, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/**
 * n points of a line through the torus: x(t) = anchor + t·direction (mod 1), t ∈ [0, 1).
 * With direction e_1 this is a 1-D slice along x_1; with (1, ..., 1) the diagonal.
 */
export function torusLine(anchor: readonly number[], direction: readonly number[], n: number): { t: number[]; x: tf.Tensor2D } {
  const d = anchor.length;
  if (direction.length !== d) throw new Error(`torusLine: direction has ${direction.length} entries, anchor has ${d}`);
  if (!Number.isInteger(n) || n < 2) throw new Error(`torusLine: n must be an integer >= 2, got ${n}`);
  const t = Array.from({ length: n }, (_, k) => k / (n - 1));
  const out = new Float32Array(n * d);
  t.forEach((tk, k) => {
    for (let i = 0; i < d; i++) {
      const v = (anchor[i] as number) + tk * (direction[i] as number);
      out[k * d + i] = v - Math.floor(v);
    }
  });
  return { t, x: tf.tensor2d(out, [n, d]) };
}

/** Final errors of one ablation run (plain numbers, one table row). */
export interface AblationRow {
  readonly lrU: number;
  readonly batch: number;
  readonly relL2U: number;
  readonly relL2M: number;
  readonly lambdaAbsError: number;
  readonly msPerIteration: number;
}

/**
 * The paper's ablation: the same case retrained for every generator learning rate × minibatch
 * size; returns the final metrics of each run and every run's history (for curves).
 */
export function ablateErgodic(
  base: ErgodicCase,
  lrs: readonly number[],
  batches: readonly number[],
  onRun?: (row: AblationRow) => void,
): { rows: AblationRow[]; histories: { label: string; history: ErgodicHistoryRow[] }[] } {
  const rows: AblationRow[] = [];
  const histories: { label: string; history: ErgodicHistoryRow[] }[] = [];
  for (const lrU of lrs) {
    for (const batch of batches) {
      const run = runErgodicCase({ ...base, config: { ...base.config, lrU, batch } });
      run.dispose();
      const last = run.history.at(-1);
      if (last === undefined) throw new Error("ablateErgodic: a run produced no history");
      const ms = run.history.reduce((s, r) => s + r.msPerIteration, 0) / run.history.length;
      const row = { lrU, batch, relL2U: last.relL2U, relL2M: last.relL2M, lambdaAbsError: last.lambdaAbsError, msPerIteration: ms };
      rows.push(row);
      histories.push({ label: `lr_u=${lrU}, batch=${batch}`, history: run.history });
      onRun?.(row);
    }
  }
  return { rows, histories };
}
