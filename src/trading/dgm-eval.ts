import * as tf from "@tensorflow/tfjs";
import type { TradingParams } from "./problem";
import type { TradingReference } from "./reference";
import { densityValue, netInput, tradingScaling, valueJet, type TradingNets } from "./dgm-model";

export interface TradingEvalGrid {
  /** evaluation times (uniform on [0, T], both ends included) and inventories (cell midpoints of [qMin, qMax]) */
  readonly nT: number;
  readonly nQ: number;
}

/** DGM and reference on a (t, q) grid; 2-D fields are row-major [time][inventory]. */
export interface TradingComparison {
  readonly t: readonly number[];
  readonly q: readonly number[];
  readonly qbar: readonly number[];
  readonly qbarRef: readonly number[];
  readonly vbar: readonly number[];
  readonly vbarRef: readonly number[];
  /** ∫ m dq of the density net at each time (1 for an exact solution) */
  readonly mass: readonly number[];
  readonly m: readonly (readonly number[])[];
  readonly mRef: readonly (readonly number[])[];
  readonly vhat: readonly (readonly number[])[];
  readonly vhatRef: readonly (readonly number[])[];
  /** L1 distance ∫|m − m_ref| dq at each time */
  readonly l1: readonly number[];
  readonly metrics: TradingMetrics;
}

export interface TradingMetrics {
  readonly qbar_max_abs_error: number;
  readonly vbar_max_abs_error: number;
  readonly m_l1_error_0: number;
  readonly m_l1_error_half: number;
  readonly m_l1_error_T: number;
  readonly u_rel_l2_error: number;
}

const grid = (a: number, b: number, n: number): number[] => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/** Midpoint rule (the density net is normalised with the same rule on the same points). */
function midpoint(y: readonly number[], h: number): number {
  let s = 0;
  for (const v of y) s += v;
  return s * h;
}

/**
 * Evaluates the nets against the reference on a (t, q) grid: q̄ and v̄ of the DGM are means
 * under its density, the L1 distances ∫|m − m_ref| dq by the midpoint rule.
 */
export function compareTradingDgm(p: TradingParams, ref: TradingReference, nets: TradingNets, g: TradingEvalGrid = { nT: 41, nQ: 800 }): TradingComparison {
  if (!Number.isInteger(g.nT) || g.nT < 3 || g.nT % 2 === 0) throw new Error(`compareTradingDgm: nT must be an odd integer >= 3 (T/2 on the grid), got ${g.nT}`);
  if (!Number.isInteger(g.nQ) || g.nQ < 3) throw new Error(`compareTradingDgm: nQ must be an integer >= 3, got ${g.nQ}`);
  const sc = tradingScaling(p);
  const t = grid(0, p.T, g.nT);
  const h = (p.qMax - p.qMin) / g.nQ;
  const q = Array.from({ length: g.nQ }, (_, j) => p.qMin + (j + 0.5) * h);
  const tt = t.flatMap((ti) => q.map(() => ti));
  const qq = t.flatMap(() => q);
  const [uArr, uqArr, mArr] = tf.tidy(() => {
    const x = netInput(p, sc, tt, qq);
    const j = valueJet(p, sc, nets.u, x);
    return [j.u, j.uq, densityValue(p, nets.m, x, { nT: g.nT, nQ: g.nQ, nA: 0 })];
  }).map((a) => {
    const d = Array.from(a.dataSync());
    a.dispose();
    return d;
  }) as [number[], number[], number[]];
  const rows = (a: number[]): number[][] => t.map((_, i) => a.slice(i * g.nQ, (i + 1) * g.nQ));
  const m = rows(mArr);
  const uq = rows(uqArr);
  const mRef = t.map((ti) => q.map((x) => ref.density(ti, x)));
  const mass = m.map((r) => midpoint(r, h));
  const qbar = m.map((r, i) => midpoint(r.map((v, k) => v * q[k]!), h) / mass[i]!);
  const vbar = m.map((r, i) => midpoint(r.map((v, k) => (v * uq[i]![k]!) / (2 * p.kappa)), h) / mass[i]!);
  const l1 = m.map((r, i) => midpoint(r.map((v, k) => Math.abs(v - mRef[i]![k]!)), h));
  const qbarRef = t.map((ti) => ref.at(ti).qbar);
  const vbarRef = t.map((ti) => ref.at(ti).vbar);
  const uRef = tt.map((ti, k) => ref.u(ti, qq[k]!));
  let num = 0;
  let den = 0;
  uRef.forEach((v, k) => {
    num += (uArr[k]! - v) ** 2;
    den += v * v;
  });
  const maxAbs = (a: readonly number[], b: readonly number[]): number => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
  return {
    t,
    q,
    qbar,
    qbarRef,
    vbar,
    vbarRef,
    mass,
    m,
    mRef,
    vhat: uq.map((r) => r.map((v) => v / (2 * p.kappa))),
    vhatRef: t.map((ti) => q.map((x) => ref.vhat(ti, x))),
    l1,
    metrics: {
      qbar_max_abs_error: maxAbs(qbar, qbarRef),
      vbar_max_abs_error: maxAbs(vbar, vbarRef),
      m_l1_error_0: l1[0]!,
      m_l1_error_half: l1[(g.nT - 1) / 2]!,
      m_l1_error_T: l1[g.nT - 1]!,
      u_rel_l2_error: Math.sqrt(num / den),
    },
  };
}
