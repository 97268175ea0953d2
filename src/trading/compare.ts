import * as tf from "@tensorflow/tfjs";
import type { MfgRun } from "../mfg/solve";
import type { TradingReference } from "./reference";

export interface TradingEvalGrid {
  /** evaluation times (uniform on [0, T], both ends included) and inventories (cell midpoints of [qMin, qMax]) */
  readonly nT: number;
  readonly nQ: number;
}

/** A solved run and the reference on a (t, q) grid; 2-D fields are row-major [time][inventory]. */
export interface TradingComparison {
  readonly t: readonly number[];
  readonly q: readonly number[];
  readonly qbar: readonly number[];
  readonly qbarRef: readonly number[];
  readonly vbar: readonly number[];
  readonly vbarRef: readonly number[];
  /** ∫ m dq of the run's density at each time by the midpoint rule (1 up to quadrature error) */
  readonly mass: readonly number[];
  readonly m: readonly (readonly number[])[];
  readonly mRef: readonly (readonly number[])[];
  readonly vhat: readonly (readonly number[])[];
  readonly vhatRef: readonly (readonly number[])[];
  /** L1 distance ∫|m − m_ref| dq at each time */
  readonly l1: readonly number[];
  readonly metrics: TradingMetrics;
}

/**
 * The comparison's numbers. Every error is on the evaluation grid (midpoint rule in q); v̂ and u are
 * the paper's (u_paper = −u_core), the offset is u's terminal payoff −Aq² that the solver's ansatz builds in.
 */
export interface TradingMetrics {
  /** max over t of |q̄_run − q̄_ref| (q̄_run: the mean of the run's m) */
  readonly qbar_max_abs_error: number;
  /** max over t of |v̄_run − v̄_ref| (v̄_run: the run's own mean-field term) */
  readonly vbar_max_abs_error: number;
  /** max over t of ∫|v̂_run − v̂_ref| m_ref dq: the equilibrium control where the reference crowd trades */
  readonly v_hat_err: number;
  /** ‖u_run − u_ref‖ / ‖u_ref − (−Aq²)‖ over [0,T] × [qMin,qMax]: the error relative to the part the offset leaves to learn */
  readonly u_learned_rel_l2: number;
  /** ‖u_run − u_ref‖ / ‖u_ref‖ over the same window (dominated by the −Aq² the offset builds in) */
  readonly u_rel_l2_error: number;
  /** ∫|m_run − m_ref| dq at t = 0, T/2, T */
  readonly l1_m_t0: number;
  readonly l1_m_tmid: number;
  readonly l1_m_T: number;
}

/** What the comparison reads from a run of mfg.solve (a reference-built stand-in is one too). */
export type TradingRun = Pick<MfgRun, "u" | "m" | "control" | "meanField">;

const grid = (a: number, b: number, n: number): number[] => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const sum = (y: readonly number[]): number => y.reduce((s, v) => s + v, 0);

/** [n] values of a run's field at rows (t, q), as plain numbers. */
function values(f: (x: tf.Tensor2D) => tf.Tensor2D, tt: readonly number[], qq: readonly number[]): number[] {
  const x = tf.tensor2d(tt.flatMap((t, k) => [t, qq[k] as number]), [tt.length, 2]);
  const y = f(x);
  const out = Array.from(y.dataSync());
  tf.dispose([x, y]);
  return out;
}

/**
 * A run of mfg.solve on tradingSpec against the reference: q̄ is the mean of the run's m (midpoint
 * rule), v̄ the run's own mean-field term, v̂ = −∂ₚH(∂_q u) its feedback (the core's u is −u_paper).
 */
export function compareTradingRun(ref: TradingReference, run: TradingRun, g: TradingEvalGrid = { nT: 41, nQ: 800 }): TradingComparison {
  if (!Number.isInteger(g.nT) || g.nT < 3 || g.nT % 2 === 0) throw new Error(`compareTradingRun: nT must be an odd integer >= 3 (T/2 on the grid), got ${g.nT}`);
  if (!Number.isInteger(g.nQ) || g.nQ < 3) throw new Error(`compareTradingRun: nQ must be an integer >= 3, got ${g.nQ}`);
  const p = ref.params;
  const t = grid(0, p.T, g.nT);
  const h = (p.qMax - p.qMin) / g.nQ;
  const q = Array.from({ length: g.nQ }, (_, j) => p.qMin + (j + 0.5) * h);
  const tt = t.flatMap((ti) => q.map(() => ti));
  const qq = t.flatMap(() => q);
  const rows = (a: number[]): number[][] => t.map((_, i) => a.slice(i * g.nQ, (i + 1) * g.nQ));
  const u = values((x) => run.u(x), tt, qq);
  const m = rows(values((x) => run.m(x), tt, qq));
  const vhat = rows(values((x) => run.control(x), tt, qq));
  const mRef = t.map((ti) => q.map((x) => ref.density(ti, x)));
  const mass = m.map((r) => sum(r) * h);
  const qbar = m.map((r, i) => (sum(r.map((v, k) => v * (q[k] as number))) * h) / (mass[i] as number));
  const vbar = run.meanField("vbar", t);
  const l1 = m.map((r, i) => sum(r.map((v, k) => Math.abs(v - (mRef[i]![k] as number)))) * h);
  const uRef = tt.map((ti, k) => -ref.u(ti, qq[k] as number));
  // the core's u = −u_paper, so the ansatz's offset −Aq² (u_paper) is +Aq² here
  const uLearned = uRef.map((v, k) => v - p.A * (qq[k] as number) ** 2);
  const vhatRef = t.map((ti) => q.map((x) => ref.vhat(ti, x)));
  const vhatErr = vhat.map((r, i) => sum(r.map((v, k) => Math.abs(v - (vhatRef[i]![k] as number)) * (mRef[i]![k] as number))) * h);
  const uErr2 = sum(u.map((v, k) => (v - (uRef[k] as number)) ** 2));
  const maxAbs = (a: readonly number[], b: readonly number[]): number => Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));
  const qbarRef = t.map((ti) => ref.at(ti).qbar);
  const vbarRef = t.map((ti) => ref.at(ti).vbar);
  return {
    t, q, qbar, qbarRef, vbar, vbarRef, mass, m, mRef, vhat, vhatRef, l1,
    metrics: {
      qbar_max_abs_error: maxAbs(qbar, qbarRef),
      vbar_max_abs_error: maxAbs(vbar, vbarRef),
      v_hat_err: Math.max(...vhatErr),
      u_learned_rel_l2: Math.sqrt(uErr2 / sum(uLearned.map((v) => v * v))),
      u_rel_l2_error: Math.sqrt(uErr2 / sum(uRef.map((v) => v * v))),
      l1_m_t0: l1[0] as number,
      l1_m_tmid: l1[(g.nT - 1) / 2] as number,
      l1_m_T: l1[g.nT - 1] as number,
    },
  };
}
