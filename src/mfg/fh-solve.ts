import * as tf from "@tensorflow/tfjs";
import { boxGrid, type Grid } from "../domains";
import { boxMap, disposeJet, fixedJet, perTimeMean, withZeroDt, type FieldJet, type TimeLayout } from "../fields";
import { relL2, residualRms } from "../metrics";
import { trainModel } from "./engine";
import { fhFields, fhMeanFields, fhModel, type FhFields } from "./fh-model";
import { solverNets } from "./nets";
import type { SolveOptions } from "./options";
import { fpResidual, hjbResidual } from "./residuals";
import type { MfgRun } from "./solve";
import type { FiniteHorizonProblem } from "./types";

/** Nodes per space dimension of the evaluation quadrature (≤ 2^16 nodes per time). */
function evalNodes(d: number): number {
  return Math.max(8, Math.min(512, Math.floor(Math.pow(2 ** 16, 1 / d))));
}

/** s in u = G + s·N: max|G|/4 with the offset (N carries the deviation), max|G| without; at least 1. */
function valueScale(problem: FiniteHorizonProblem, o: SolveOptions): number {
  if (o.valueScale > 0) return o.valueScale;
  const g = boxGrid(problem.domain.lo, problem.domain.hi, evalNodes(problem.d));
  const max = tf.tidy(() => tf.max(tf.abs(problem.spec.terminal(tf.tensor2d(Float32Array.from(g.points), [g.count, problem.d])))));
  const m = max.dataSync()[0] as number;
  max.dispose();
  return Math.max(1, o.terminal === "offset" ? m / 4 : m);
}

/** Rows (t, x) for every time × every node of the grid, and their layout. */
function timeGrid(times: readonly number[], g: Grid): { x: tf.Tensor2D; lay: TimeLayout } {
  const d = g.d;
  const out = new Float32Array(times.length * g.count * (d + 1));
  let k = 0;
  for (const t of times) for (let j = 0; j < g.count; j++) {
    out[k++] = t;
    for (let i = 0; i < d; i++) out[k++] = g.points[j * d + i] as number;
  }
  return { x: tf.tensor2d(out, [times.length * g.count, d + 1]), lay: { nT: times.length, nG: g.count, nX: 0, weight: g.weight } };
}

function valueAt(problem: FiniteHorizonProblem, o: SolveOptions, f: FhFields, x: tf.Tensor2D, hessian: boolean): FieldJet {
  return tf.tidy(() => {
    const netX = toNet(f, x);
    const offset = o.terminal === "offset" ? withZeroDt(fixedJet(problem.spec.terminal, tf.slice(x, [0, 1], [-1, -1]) as tf.Tensor2D, hessian)) : undefined;
    return f.valueJet(netX, offset, hessian) as unknown as tf.TensorContainer;
  }) as unknown as FieldJet;
}

function toNet(f: FhFields, x: tf.Tensor2D): tf.Tensor2D {
  const { map } = f;
  return tf.tidy(() => tf.div(tf.sub(x, tf.tensor1d([map.t0, ...map.center])), tf.tensor1d([map.tScale, ...map.center.map(() => map.scale)])) as tf.Tensor2D);
}

const read = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

function fhMetrics(problem: FiniteHorizonProblem, o: SolveOptions, f: FhFields): Record<string, number> {
  const g = boxGrid(problem.domain.lo, problem.domain.hi, evalNodes(problem.d));
  const times = Array.from({ length: 21 }, (_, i) => (i / 20) * problem.horizon);
  const { x, lay } = timeGrid(times, g);
  const out: Record<string, number> = {};
  tf.engine().startScope();
  try {
    const u = valueAt(problem, o, f, x, problem.needsHessian);
    const dens = f.densityJet(toNet(f, x), lay);
    const mf = fhMeanFields(problem, x, u.grad, dens.m, lay);
    out.hjb_rms = residualRms(read(hjbResidual(problem, x, u, dens, mf)));
    out.fp_rms = residualRms(read(fpResidual(problem, x, u, dens)));
    const ex = problem.spec.exact;
    if (ex?.u) out.rel_l2_u = relL2(read(u.u), read(ex.u(x)));
    if (ex?.m) out.rel_l2_m = relL2(read(dens.m), read(ex.m(x)));
  } finally {
    tf.engine().endScope();
    x.dispose();
  }
  return { ...out, ...endpointMeans(problem, o, f) };
}

/** Each mean-field term and each coordinate's mean under m at t = 0 and t = T: name_0, name_T, mean_x1_0, … */
function endpointMeans(problem: FiniteHorizonProblem, o: SolveOptions, f: FhFields): Record<string, number> {
  return atTimes(problem, o, f, [0, problem.horizon], (x, u, m, lay) => {
    const out: Record<string, number> = {};
    const mf = fhMeanFields(problem, x, u.grad, m, lay);
    for (const k of problem.meanFieldNames) {
      const v = read(mf[k] as tf.Tensor2D);
      [out[`${k}_0`], out[`${k}_T`]] = [v[0] as number, v[lay.nG] as number];
    }
    const means = read(perTimeMeanOf(x, m, lay));
    for (let i = 0; i < problem.d; i++) [out[`mean_x${i + 1}_0`], out[`mean_x${i + 1}_T`]] = [means[i] as number, means[problem.d + i] as number];
    return out;
  });
}

function perTimeMeanOf(x: tf.Tensor2D, m: tf.Tensor2D, lay: TimeLayout): tf.Tensor2D {
  return perTimeMean(tf.slice(x, [0, 1], [-1, -1]) as tf.Tensor2D, m, lay);
}

/** Per-time quantities on the evaluation grid: m normalised per time, mean-field terms. */
function atTimes<T>(problem: FiniteHorizonProblem, o: SolveOptions, f: FhFields, times: readonly number[], use: (x: tf.Tensor2D, u: FieldJet, m: tf.Tensor2D, lay: TimeLayout) => T): T {
  const g = boxGrid(problem.domain.lo, problem.domain.hi, evalNodes(problem.d));
  const { x, lay } = timeGrid(times, g);
  tf.engine().startScope();
  try {
    const u = valueAt(problem, o, f, x, false);
    return use(x, u, f.density(toNet(f, x), lay), lay);
  } finally {
    tf.engine().endScope();
    x.dispose();
  }
}

export function solveFiniteHorizon(problem: FiniteHorizonProblem, o: SolveOptions): MfgRun {
  const nets = solverNets(o, problem.d, problem.domain.kind === "torus", true);
  const map = problem.domain.kind === "torus"
    ? { time: true, t0: problem.horizon / 2, tScale: problem.horizon / 2, center: problem.domain.lo.map(() => 0), scale: 1 }
    : boxMap(problem.domain.lo, problem.domain.hi, problem.horizon);
  const fields = fhFields(problem, o, map, valueScale(problem, o), nets.value, nets.density);
  const model = fhModel(problem, o, fields, nets.value, nets.density);
  const dispose = (): void => {
    model.dispose();
    nets.dispose();
  };
  try {
    const trained = trainModel(model, o, () => fhMetrics(problem, o, fields));
    return {
      problem, options: o, history: trained.history, lambda: undefined, seconds: trained.seconds,
      u: (x) => {
        const j = valueAt(problem, o, fields, x, false);
        tf.dispose([j.grad, j.lap, ...(j.dt ? [j.dt] : [])]);
        return j.u;
      },
      m: (x) => mAtRows(problem, fields, x),
      control: (x) => {
        const j = valueAt(problem, o, fields, x, false);
        const c = tf.tidy(() => tf.neg(problem.spec.hamiltonian.dpH(x, j.grad)) as tf.Tensor2D);
        disposeJet(j);
        return c;
      },
      metrics: () => fhMetrics(problem, o, fields),
      meanField: (name, times) => {
        if (!problem.meanFieldNames.includes(name)) throw new Error(`run.meanField: no mean-field term "${name}" (have: ${problem.meanFieldNames.join(", ") || "none"})`);
        return atTimes(problem, o, fields, times, (x, u, m, lay) => {
          const mf = fhMeanFields(problem, x, u.grad, m, lay)[name] as tf.Tensor2D;
          const v = read(mf);
          return times.map((_, i) => v[i * lay.nG] as number);
        });
      },
      dispose,
    };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** m at arbitrary rows: Z(t) by the evaluation quadrature at each distinct time of the rows. */
function mAtRows(problem: FiniteHorizonProblem, f: FhFields, x: tf.Tensor2D): tf.Tensor2D {
  if (x.rank !== 2 || x.shape[1] !== problem.d + 1) throw new Error(`run.m: rows must be [n, ${problem.d + 1}] (time first), got [${x.shape.join(", ")}]`);
  const tCol = tf.tidy(() => tf.slice(x, [0, 0], [-1, 1]));
  const ts = Array.from(read(tCol));
  tCol.dispose();
  const distinct = [...new Set(ts)];
  const g = boxGrid(problem.domain.lo, problem.domain.hi, evalNodes(problem.d));
  const { x: xg, lay } = timeGrid(distinct, g);
  const lz = tf.tidy(() => f.logNormaliser(toNet(f, xg), lay));
  const byTime = new Map(distinct.map((t, i) => [t, read(lz)[i] as number]));
  tf.dispose([xg, lz]);
  return tf.tidy(() => {
    const logZ = tf.tensor2d(Float32Array.from(ts.map((t) => byTime.get(t) as number)), [ts.length, 1]);
    return tf.exp(f.logDensity(toNet(f, x), logZ)) as tf.Tensor2D;
  });
}
