import * as tf from "@tensorflow/tfjs";
import { linspace } from "../domains";
import { figure, heatmapTrace, histogramTrace, lineTrace, scatterTrace, type Figure, type Trace } from "../plots";
import { noisedJet } from "../problems";
import { mixtureLogDensity, type IsoMixture } from "../domains";
import { potentialValues, timeRows } from "./pf-ode";
import type { ScorePotential } from "./potential";

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
const color = (i: number): string => COLORS[i % COLORS.length] as string;

/** ∇ψ_θ at the rows (t, x), read back */
function scoreAt(p: ScorePotential, t: number, x: ArrayLike<number>, n: number): Float32Array {
  return tf.tidy(() => p.jet(timeRows(t, x, n, p.d)).grad.dataSync() as Float32Array);
}

/** 1-D: the learned score ∂ₓψ_θ(t, ·) (solid) against the exact ∂ₓ log p_t (dashed) at several t */
export function scoreFigure1d(p: ScorePotential, pi: IsoMixture, times: readonly number[], title: string): Figure {
  const x = linspace(-4, 4, 161);
  const traces: Trace[] = [];
  times.forEach((t, i) => {
    traces.push(lineTrace(x, scoreAt(p, t, x, x.length), `learned, t = ${t}`, { color: color(i) }));
    traces.push(lineTrace(x, Array.from(x, (v) => noisedJet(pi, t, [v]).score[0] as number), `exact, t = ${t}`, { color: color(i), dash: "dash" }));
  });
  return figure(traces, { title, xTitle: "x", yTitle: "score ∂ₓψ" });
}

/** 1-D: e^{ψ_θ(t, ·)} (solid) against p_t (dashed): a DSM-only ψ is off by a t-dependent constant factor */
export function densityFigure1d(p: ScorePotential, pi: IsoMixture, times: readonly number[], title: string): Figure {
  const x = linspace(-4, 4, 161);
  const traces: Trace[] = [];
  times.forEach((t, i) => {
    traces.push(lineTrace(x, Array.from(potentialValues(p, t, x, x.length), Math.exp), `e^ψθ, t = ${t}`, { color: color(i) }));
    traces.push(lineTrace(x, Array.from(x, (v) => Math.exp(noisedJet(pi, t, [v]).logp)), `p_t, t = ${t}`, { color: color(i), dash: "dash" }));
  });
  return figure(traces, { title, xTitle: "x", yTitle: "density" });
}

/** 2-D: ψ_θ(t, ·) as a heatmap with the score as arrows (segments) and the modes' centres at time t */
export function scoreField2d(p: ScorePotential, pi: IsoMixture, t: number, title: string): Figure {
  const g = linspace(-3, 3, 61);
  const pts = Float64Array.from(Array.from(g).flatMap((y) => Array.from(g, (x) => [x, y])).flat());
  const psi = potentialValues(p, t, pts, g.length * g.length);
  const z = Array.from(g, (_, i) => Array.from(psi.subarray(i * g.length, (i + 1) * g.length)));
  const a = linspace(-3, 3, 16);
  const arrows = Float64Array.from(Array.from(a).flatMap((y) => Array.from(a, (x) => [x, y])).flat());
  const s = scoreAt(p, t, arrows, a.length * a.length);
  const ax: number[] = [], ay: number[] = [];
  const scale = 0.04;
  for (let k = 0; k < a.length * a.length; k++) {
    const x0 = arrows[2 * k] as number, y0 = arrows[2 * k + 1] as number;
    ax.push(x0, x0 + scale * (s[2 * k] as number), NaN);
    ay.push(y0, y0 + scale * (s[2 * k + 1] as number), NaN);
  }
  const e = Math.exp(-t);
  return figure([
    heatmapTrace(g, g, z, "ψθ(t, x)"),
    lineTrace(ax, ay, `score × ${scale}`, { color: "white", width: 1 }),
    scatterTrace(pi.means.map((m) => (m[0] as number) * e), pi.means.map((m) => (m[1] as number) * e), "mode centres e^{−t}μₖ", { color: "red", size: 7 }),
  ], { title, xTitle: "x₁", yTitle: "x₂" });
}

/** 1-D samples (histogram) against the data density; 2-D samples against fresh data draws */
export function samplesFigure(samples: ArrayLike<number>, pi: IsoMixture, data: ArrayLike<number>, title: string): Figure {
  const d = pi.means[0]?.length ?? 0;
  if (d === 1) {
    const x = linspace(-4, 4, 201);
    return figure([
      histogramTrace(samples, "PF-ODE samples", { nbins: 80 }),
      lineTrace(x, Array.from(x, (v) => Math.exp(mixtureLogDensity(pi, [v]))), "data density π", { color: "black", dash: "dash" }),
    ], { title, xTitle: "x", yTitle: "density" });
  }
  const col = (v: ArrayLike<number>, i: number): number[] => Array.from({ length: v.length / 2 }, (_, k) => v[2 * k + i] as number);
  return figure([
    scatterTrace(col(data, 0), col(data, 1), "data draws", { color: "lightgray", size: 3 }),
    scatterTrace(col(samples, 0), col(samples, 1), "PF-ODE samples", { color: "#1f77b4", size: 3 }),
  ], { title, xTitle: "x₁", yTitle: "x₂" });
}

/** the σ_t-weighted score error by time bin, one line per model (log y) */
export function errorByTimeFigure(rows: readonly { name: string; byTime: { t: number[]; scoreError: number[] } }[], title: string): Figure {
  return figure(rows.map((r, i) => lineTrace(r.byTime.t, r.byTime.scoreError, r.name, { color: color(i) })), { title, xTitle: "t", yTitle: "σ_t |∇ψθ − ∇log p_t| (RMS)", logX: true, logY: true });
}
