import { type Figure, type Trace, figure, lineTrace, plain, scatterTrace } from "../plots";
import type { Method } from "./dynamics";
import type { SummaryRow } from "./games-experiment";
import type { GanRow } from "./gan-mixture";
import { type Ring, ringMeans } from "./ring-gmm";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const METHOD_COLOR: Record<Method, string> = { wfr: "#1f77b4", langevin: "#d62728", mirror: "#2ca02c" };

/** a translucent band between lo and hi (the spread over seeds) */
function band(x: number[], lo: number[], hi: number[], color: string, name: string): Trace {
  return {
    type: "scatter", mode: "lines", name, showlegend: false, hoverinfo: "skip", fill: "toself", opacity: 0.2,
    line: { width: 0, color }, fillcolor: color, x: [...x, ...[...x].reverse()], y: plain([...lo, ...[...hi].reverse()]),
  };
}

/** per method, the summary rows `keep` selects, against `x`: the min–max band over seeds and the mean */
function methodCurves(summary: readonly SummaryRow[], keep: (s: SummaryRow) => boolean, x: (s: SummaryRow) => number): Trace[] {
  return (["wfr", "langevin", "mirror"] as const).flatMap((method) => {
    const rows = summary.filter((s) => s.method === method && keep(s)).sort((a, b) => x(a) - x(b));
    const xs = rows.map(x);
    return [band(xs, rows.map((r) => r.min), rows.map((r) => r.max), METHOD_COLOR[method], `${method} spread`),
      lineTrace(xs, rows.map((r) => r.mean), `${method} (mean of ${rows[0]?.seeds ?? 0} seeds)`, { color: METHOD_COLOR[method] })];
  });
}

/** NI against iterations for the three dynamics at one d: mean over seeds, min–max band */
export function niFigure(summary: readonly SummaryRow[], d: number, n: number, what = "the time averages"): Figure {
  const traces = methodCurves(summary, (s) => s.d === d && s.n === n, (s) => s.step);
  return figure(traces, { title: `NI error of ${what}, d = ${d}, n = ${n}`, xTitle: "iteration", yTitle: "NI error", logX: true, logY: true });
}

/** final NI against the dimension, one curve (mean over seeds, min–max band) per method, at n particles */
export function niByDimensionFigure(summary: readonly SummaryRow[], n: number, what: string): Figure {
  const top = Math.max(...summary.map((s) => s.step));
  const traces = methodCurves(summary, (s) => s.n === n && s.step === top, (s) => s.d);
  return figure(traces, { title: `Final NI error of ${what} against the dimension, n = ${n}`, xTitle: "d", yTitle: "NI error", logY: true });
}

/** mean log-likelihood under the true mixture against generator updates, one curve per run */
export function loglikFigure(runs: Readonly<Record<string, readonly GanRow[]>>, reference?: number): Figure {
  const traces = Object.entries(runs).map(([name, rows], k) =>
    lineTrace(rows.map((r) => r.genStep), rows.map((r) => r.loglik), name, { color: COLORS[k % COLORS.length] as string }));
  if (reference !== undefined) {
    const all = Object.values(runs).flatMap((rows) => rows.map((r) => r.genStep));
    traces.push(lineTrace([Math.min(...all), Math.max(...all)], [reference, reference], "true samples", { dash: "dash", color: "#444" }));
  }
  return figure(traces, { title: "Mean log-likelihood of generated samples under the true mixture", xTitle: "generator updates", yTitle: "mean log p(x)" });
}

/** mixture weights of the generators against generator updates */
export function weightsFigure(rows: readonly GanRow[], title: string): Figure {
  const k = rows[0]?.weights.length ?? 0;
  const traces = Array.from({ length: k }, (_, i) =>
    lineTrace(rows.map((r) => r.genStep), rows.map((r) => r.weights[i] as number), `G${i + 1}`, { color: COLORS[i % COLORS.length] as string }));
  return figure(traces, { title, xTitle: "generator updates", yTitle: "weight" });
}

/** generated samples coloured by their generator, over the true means */
export function samplesFigure(xy: ArrayLike<number>, component: ArrayLike<number>, weights: ArrayLike<number>, ring: Ring, title: string): Figure {
  const traces: Trace[] = [];
  for (let i = 0; i < weights.length; i++) {
    const px: number[] = [], py: number[] = [];
    for (let k = 0; k < component.length; k++) {
      if (component[k] === i) {
        px.push(xy[2 * k] as number);
        py.push(xy[2 * k + 1] as number);
      }
    }
    traces.push(scatterTrace(px, py, `G${i + 1} (w=${(weights[i] as number).toFixed(2)})`, { color: COLORS[i % COLORS.length] as string, size: 3 }));
  }
  const means = ringMeans(ring);
  traces.push(scatterTrace(means.map((m) => m[0]), means.map((m) => m[1]), "true means", { color: "#000", size: 9 }));
  const fig = figure(traces, { title, xTitle: "x₁", yTitle: "x₂" });
  return { data: fig.data, layout: { ...fig.layout, xaxis: { ...fig.layout.xaxis, range: [-1.6, 1.6] }, yaxis: { ...fig.layout.yaxis, range: [-1.6, 1.6], scaleanchor: "x" } } };
}
