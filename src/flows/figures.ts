import * as tf from "@tensorflow/tfjs";
import { linspace } from "../domains";
import { contourTrace, figure, heatmapTrace, lineTrace, panelsFigure, scatterTrace, type Figure, type Trace } from "../plots";
import { jkoLogDensity, jkoSteps, ouFlow, sampleJkoData, type GaussianJkoSolution } from "../problems";
import { rng } from "../random";
import { flowLogDensity } from "./evaluate";
import { flowStates } from "./ot-flow";
import type { PotentialFlow } from "./potential";

/** particle paths of the learned flow from `count` data points: paths[p] = {x, y} over the RK4 nodes */
export function flowPaths(flow: PotentialFlow, sol: GaussianJkoSolution, count: number, seed: number, steps: number): { x: number[]; y: number[] }[] {
  if (flow.d !== 2) throw new Error(`flowPaths: the figure needs d = 2, got ${flow.d}`);
  const x0 = sampleJkoData(sol.problem, count, rng(seed));
  const nodes = tf.tidy(() => flowStates(flow, tf.tensor2d(Float32Array.from(x0), [count, 2]), sol.problem.T, steps).map((y) => y.dataSync()));
  const w = 2 + 4;
  return Array.from({ length: count }, (_, p) => ({
    x: nodes.map((y) => y[p * w] as number),
    y: nodes.map((y) => y[p * w + 1] as number),
  }));
}

/** learned paths of each variant (one colour each) beside the exact straight ones (dashed) */
export function pathsFigure(sets: readonly { name: string; color: string; paths: { x: number[]; y: number[] }[] }[], sol: GaussianJkoSolution, seed: number, title: string): Figure {
  const count = sets[0]?.paths.length ?? 0;
  const x0 = sampleJkoData(sol.problem, count, rng(seed));
  const traces: Trace[] = [];
  for (const s of sets) s.paths.forEach((p, k) => traces.push({ ...lineTrace(p.x, p.y, s.name, { color: s.color, width: 1 }), showlegend: k === 0 }));
  for (let k = 0; k < count; k++) {
    const a = [x0[2 * k] as number, x0[2 * k + 1] as number], b = sol.map(a);
    traces.push({ ...lineTrace([a[0] as number, b[0] as number], [a[1] as number, b[1] as number], "exact MFG (straight)", { color: "black", dash: "dot", width: 1 }), showlegend: k === 0 });
  }
  traces.push(scatterTrace(Array.from({ length: count }, (_, k) => x0[2 * k] as number), Array.from({ length: count }, (_, k) => x0[2 * k + 1] as number), "data x ~ ρ₀", { color: "gray", size: 5 }));
  return figure(traces, { title, xTitle: "x₁", yTitle: "x₂" });
}

/** the WGF as K JKO steps against the OU flow: variance over time for several K */
export function jkoFigure(mu0: number, s: number, t: number, Ks: readonly number[]): Figure {
  const traces: Trace[] = Ks.map((K) => {
    const pts = jkoSteps(mu0, s, t, K);
    return lineTrace(pts.map((q) => q.t), pts.map((q) => q.variance), `K = ${K} JKO steps`, { dash: "solid" });
  });
  const ts = Array.from({ length: 101 }, (_, i) => (i * t) / 100);
  traces.push(lineTrace(ts, ts.map((u) => ouFlow(mu0, s, u).variance), "OU flow (exact)", { color: "black", dash: "dash" }));
  return figure(traces, { title: "variance of the JKO sequence vs the Ornstein–Uhlenbeck flow", xTitle: "t", yTitle: "variance" });
}

/** a box holding 3 standard deviations of ρ₀ and of ρ*_T around their means (d = 2): the figures' window */
function window2d(sol: GaussianJkoSolution): { x: [number, number]; y: [number, number] } {
  const p = sol.problem, sd0 = 3 * Math.max(...p.s), sdT = 3 * Math.max(...sol.sigma);
  const range = (i: number): [number, number] => [
    Math.min((p.mu0[i] as number) - sd0, (sol.m[i] as number) - sdT), Math.max((p.mu0[i] as number) + sd0, (sol.m[i] as number) + sdT),
  ];
  return { x: range(0), y: range(1) };
}

/** n × n grid points of the window, row-major by y then x (heatmap order), and its axes */
function grid2d(sol: GaussianJkoSolution, n: number): { gx: Float64Array; gy: Float64Array; pts: Float64Array } {
  const w = window2d(sol);
  const gx = linspace(w.x[0], w.x[1], n), gy = linspace(w.y[0], w.y[1], n);
  return { gx, gy, pts: Float64Array.from(Array.from(gy).flatMap((y) => Array.from(gx).flatMap((x) => [x, y]))) };
}

const timeLabel = (t: number, T: number): string => (t === 0 ? "t = 0" : t === T ? "t = T" : `t = ${t / T === 0.5 ? "T/2" : t.toFixed(2)}`);

/**
 * The velocity −∇Φ(·, t) of each flow (one colour each) and of the exact MFG (black) at several times,
 * one panel per time, as arrows (segments of length scale·|v|) on a grid, where the exact ρ*_t is
 * above e^{−4.5} of its peak (its 3-standard-deviation ellipse): the field elsewhere carries no mass.
 */
export function velocityFieldFigure(sets: readonly { name: string; color: string; flow: PotentialFlow }[], sol: GaussianJkoSolution, times: readonly number[], title: string, opts: { n?: number; scale?: number } = {}): Figure {
  const n = opts.n ?? 15, scale = opts.scale ?? 0.15, T = sol.problem.T;
  const { pts } = grid2d(sol, n);
  const panels = times.map((t) => {
    const logp = Array.from({ length: n * n }, (_, k) => jkoLogDensity(sol, [pts[2 * k] as number, pts[2 * k + 1] as number], t));
    const peak = Math.max(...logp);
    const keep = logp.map((l) => l > peak - 4.5);
    const arrows = (v: ArrayLike<number>, name: string, color: string, dash: "solid" | "dot"): Trace => {
      const ax: number[] = [], ay: number[] = [];
      keep.forEach((ok, k) => {
        if (!ok) return;
        const x0 = pts[2 * k] as number, y0 = pts[2 * k + 1] as number;
        ax.push(x0, x0 + scale * (v[2 * k] as number), NaN);
        ay.push(y0, y0 + scale * (v[2 * k + 1] as number), NaN);
      });
      return { ...lineTrace(ax, ay, name, { color, width: dash === "dot" ? 2 : 1.5, dash }), legendgroup: name, showlegend: t === times[0] };
    };
    const traces: Trace[] = sets.map((s) => {
      const g = tf.tidy(() => s.flow.velocityJet(t, tf.tensor2d(Float32Array.from(pts), [n * n, 2])).grad.dataSync());
      return arrows(Array.from(g, (v) => -v), s.name, s.color, "solid");
    });
    const exact = Array.from({ length: n * n }, (_, k) => sol.potentialGrad([pts[2 * k] as number, pts[2 * k + 1] as number], t).map((v) => -v)).flat();
    traces.push(arrows(exact, "exact MFG −∇Φ*", "black", "dot"));
    return { title: timeLabel(t, T), traces };
  });
  return panelsFigure(panels, { title: `${title} (arrows: ${scale} × velocity)`, xTitle: "x₁", yTitle: "x₂" });
}

/**
 * log ρ_t of a learned flow (heatmap, by the exact divergence: flowLogDensity) with the exact MFG's
 * log ρ*_t as contour lines 0.5, 1.5, …, 4.5 nats below its peak (4.5: 3 standard deviations), one panel per time; the
 * colour range is shared ([peak − 8, peak] over all panels).
 */
export function densityEvolutionFigure(flow: PotentialFlow, sol: GaussianJkoSolution, times: readonly number[], rk4Steps: number, title: string, opts: { n?: number } = {}): Figure {
  const n = opts.n ?? 61, T = sol.problem.T;
  const { gx, gy, pts } = grid2d(sol, n);
  const rows = (v: ArrayLike<number>): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => v[i * n + j] as number));
  const learned = times.map((t) => flowLogDensity(flow, sol, pts, n * n, t, Math.max(1, Math.round((rk4Steps * t) / T))));
  const exact = times.map((t) => Array.from({ length: n * n }, (_, k) => jkoLogDensity(sol, [pts[2 * k] as number, pts[2 * k + 1] as number], t)));
  const top = Math.max(...learned.map((l) => Math.max(...l)), ...exact.map((e) => Math.max(...e)));
  const panels = times.map((t, k) => {
    const peak = Math.max(...(exact[k] as number[]));
    return {
      title: timeLabel(t, T),
      traces: [
        { ...heatmapTrace(gx, gy, rows(learned[k] as Float64Array), "learned log ρ_t"), zmin: top - 8, zmax: top, showscale: k === times.length - 1 },
        { ...contourTrace(gx, gy, rows(exact[k] as number[]), "exact log ρ*_t: peak − 0.5, …, − 4.5", { start: peak - 4.5, end: peak - 0.5, size: 1 }, { color: "white" }), showlegend: k === 0 },
      ],
    };
  });
  return panelsFigure(panels, { title, xTitle: "x₁", yTitle: "x₂" });
}
