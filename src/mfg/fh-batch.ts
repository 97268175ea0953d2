import * as tf from "@tensorflow/tfjs";
import { boxGrid, latinUnit, type Grid } from "../domains";
import { fixedJet, perTimeDensity, toNetInput, withZeroDt, type FieldJet, type InputMap, type TimeLayout } from "../fields";
import type { Net } from "../nets/types";
import type { Rng } from "../random";
import type { SolveOptions } from "./options";
import type { FiniteHorizonProblem } from "./types";

/**
 * One outer iteration's points: nT stratified times, at each the same randomly shifted midpoint
 * grid of nQ^d nodes (the quadrature rows for Z(t) and the mean-field terms), then nA adaptive rows
 * per time in the population's current window (mean ± 4 sd per coordinate), plus the grid at t = 0
 * (m₀ penalty) and t = T (terminal penalty).
 */
export interface FhBatch {
  readonly lay: TimeLayout;
  readonly x: tf.Tensor2D;
  readonly netX: tf.Tensor2D;
  /** the terminal offset's jet at the rows (dt = 0), when terminal = "offset" */
  readonly offset?: FieldJet;
  readonly netX0: tf.Tensor2D;
  readonly m0: tf.Tensor2D;
  readonly netXT: tf.Tensor2D;
  /** G at the grid nodes (terminal penalty) */
  readonly gT: tf.Tensor2D;
  dispose(): void;
}

function rows(times: readonly number[], pts: Float64Array, d: number, count: number): Float32Array {
  const out = new Float32Array(times.length * count * (d + 1));
  let k = 0;
  for (const t of times) {
    for (let j = 0; j < count; j++) {
      out[k++] = t;
      for (let i = 0; i < d; i++) out[k++] = pts[j * d + i] as number;
    }
  }
  return out;
}

/** Per-time mean and sd of each coordinate under the current density net, from the grid rows. */
function windows(density: Net, map: InputMap, x: tf.Tensor2D, lay: TimeLayout, g: Grid): { lo: number[]; hi: number[] }[] {
  const m = tf.tidy(() => perTimeDensity(density.apply(toNetInput(map, x)), lay));
  const v = m.dataSync();
  m.dispose();
  return Array.from({ length: lay.nT }, (_, t) => {
    const lo: number[] = [], hi: number[] = [];
    for (let i = 0; i < g.d; i++) {
      let [w, s1, s2] = [0, 0, 0];
      for (let j = 0; j < g.count; j++) {
        const mi = v[t * g.count + j] as number, q = g.points[j * g.d + i] as number;
        [w, s1, s2] = [w + mi, s1 + mi * q, s2 + mi * q * q];
      }
      const mean = s1 / w;
      const sd = Math.max(Math.sqrt(Math.max(s2 / w - mean * mean, 0)), 1e-3);
      lo.push(mean - 4 * sd);
      hi.push(mean + 4 * sd);
    }
    return { lo, hi };
  });
}

export function drawFhBatch(problem: FiniteHorizonProblem, o: SolveOptions, map: InputMap, density: Net, r: Rng): FhBatch {
  const { d, domain, horizon: T, spec } = problem;
  const g = boxGrid(domain.lo, domain.hi, o.nQ, r.uniform());
  const times = Array.from({ length: o.nT }, (_, i) => ((i + r.uniform()) / o.nT) * T);
  const nA = domain.kind === "box" ? o.nA : 0;
  const lay: TimeLayout = { nT: o.nT, nG: g.count, nX: nA, weight: g.weight };
  const gridRows = tf.tensor2d(rows(times, g.points, d, g.count), [o.nT * g.count, d + 1]);
  let x = gridRows;
  if (nA > 0) {
    const win = windows(density, map, gridRows, { ...lay, nX: 0 }, g);
    const extra = new Float32Array(o.nT * nA * (d + 1));
    times.forEach((t, ti) => {
      const u = latinUnit(r, nA, d);
      const w = win[ti] as { lo: number[]; hi: number[] };
      for (let k = 0; k < nA; k++) {
        const base = (ti * nA + k) * (d + 1);
        extra[base] = t;
        for (let i = 0; i < d; i++) {
          const q = (w.lo[i] as number) + ((w.hi[i] as number) - (w.lo[i] as number)) * (u[k * d + i] as number);
          extra[base + 1 + i] = Math.min(domain.hi[i] as number, Math.max(domain.lo[i] as number, q));
        }
      }
    });
    const adaptive = tf.tensor2d(extra, [o.nT * nA, d + 1]);
    x = tf.concat([gridRows, adaptive], 0) as tf.Tensor2D;
    tf.dispose([gridRows, adaptive]);
  }
  const nodes = tf.tensor2d(Float32Array.from(g.points), [g.count, d]);
  const at = (t: number) => tf.tidy(() => toNetInput(map, tf.concat([tf.fill([g.count, 1], t), nodes], 1) as tf.Tensor2D));
  const space = tf.slice(x, [0, 1], [-1, d]);
  const offset = o.terminal === "offset" ? withZeroDt(fixedJet(spec.terminal, space, problem.needsHessian)) : undefined;
  const m0 = tf.tidy(() => spec.initial(nodes)) as tf.Tensor2D;
  const gT = tf.tidy(() => spec.terminal(nodes)) as tf.Tensor2D;
  const b = { lay, x, netX: toNetInput(map, x), netX0: at(0), m0, netXT: at(T), gT };
  tf.dispose([nodes, space]);
  const all = (): tf.Tensor[] => [x, b.netX, b.netX0, m0, b.netXT, gT, ...(offset ? [offset.u, offset.grad, offset.lap, offset.dt as tf.Tensor, ...(offset.hess ? [offset.hess] : [])] : [])];
  return { ...b, ...(offset ? { offset } : {}), dispose: () => tf.dispose(all()) };
}
