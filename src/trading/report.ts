import { heatmapFigure, lineFigure, type Figure, type NamedSeries } from "../plots";
import type { TradingComparison } from "./compare";

/** Index of the grid time closest to t. */
function nearest(ts: readonly number[], t: number): number {
  let best = 0;
  ts.forEach((v, i) => {
    if (Math.abs(v - t) < Math.abs((ts[best] as number) - t)) best = i;
  });
  return best;
}

/** m(t,q) as a heatmap, time on the vertical axis; `which` picks the solved or the reference field. */
export function densityHeatmap(c: TradingComparison, which: "solver" | "reference"): Figure {
  const z = which === "solver" ? c.m : c.mRef;
  return heatmapFigure(c.q, c.t, z, {
    title: `m(t, q), ${which === "solver" ? "density net (mfg.solve)" : "Gaussian reference N(q̄_t, s_t²)"}`,
    xTitle: "inventory q",
    yTitle: "time t",
    name: "m",
  });
}

/** Slices q ↦ m(t,q) at the given times: DGM solid, reference dashed. */
export function densitySlices(c: TradingComparison, times: readonly number[]): Figure {
  return slices(c, times, c.m, c.mRef, { title: "density slices m(t, ·): solver (solid) vs reference (dashed)", yTitle: "m(t, q)" });
}

/** Equilibrium control v̂(t,q) = ∂q u/(2κ) against the benchmark (h₁ − h₂q)/(2κ). */
export function controlSlices(c: TradingComparison, times: readonly number[]): Figure {
  return slices(c, times, c.vhat, c.vhatRef, { title: "equilibrium control v̂(t, ·): solver (solid) vs benchmark (dashed)", yTitle: "v̂(t, q)" });
}

function slices(
  c: TradingComparison,
  times: readonly number[],
  solved: TradingComparison["m"],
  ref: TradingComparison["m"],
  o: { title: string; yTitle: string },
): Figure {
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
  const series: NamedSeries[] = times.flatMap((t, k) => {
    const i = nearest(c.t, t);
    const color = palette[k % palette.length] as string;
    const label = `t = ${(c.t[i] as number).toFixed(2)}`;
    return [
      { name: `solver ${label}`, y: solved[i] as readonly number[], color },
      { name: `ref ${label}`, y: ref[i] as readonly number[], color, dash: "dash" as const },
    ];
  });
  return lineFigure(c.q, series, { title: o.title, xTitle: "inventory q", yTitle: o.yTitle });
}

/** q̄_t and v̄_t of the run against the ODE reference. */
export function meanFigures(c: TradingComparison): { qbar: Figure; vbar: Figure } {
  return {
    qbar: lineFigure(c.t, [
      { name: "q̄ solver (mean of m)", y: c.qbar },
      { name: "q̄ ODE reference", y: c.qbarRef, dash: "dash" },
    ], { title: "mean inventory q̄_t", xTitle: "time t", yTitle: "q̄_t" }),
    vbar: lineFigure(c.t, [
      { name: "v̄ solver (mean-field term)", y: c.vbar },
      { name: "v̄ ODE reference", y: c.vbarRef, dash: "dash" },
    ], { title: "mean trading rate v̄_t", xTitle: "time t", yTitle: "v̄_t" }),
  };
}

/** One row per requested time: reference vs solved mean, rate, spread of m and L1 distance. */
export function comparisonRows(c: TradingComparison, times: readonly number[]): Record<string, number>[] {
  return times.map((t) => {
    const i = nearest(c.t, t);
    return {
      t: c.t[i] as number,
      qbar_ref: c.qbarRef[i] as number,
      qbar_solver: c.qbar[i] as number,
      vbar_ref: c.vbarRef[i] as number,
      vbar_solver: c.vbar[i] as number,
      mass_solver: c.mass[i] as number,
      m_l1: c.l1[i] as number,
    };
  });
}
