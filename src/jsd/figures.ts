import { figure, lineFigure, scatterTrace, type Figure } from "../plots";
import type { Flow1dResult, RingResult } from "./experiment";

/** generated law (KDE) against the grid flow at each checkpoint, with ρ_d dashed */
export function densityFigure(r: Flow1dResult, checkpoints: readonly number[]): Figure {
  const series = checkpoints.flatMap((k) => [
    { name: `GAN t=${(r.times[k] ?? NaN).toFixed(2)}`, y: r.ganDensity[k] ?? new Float64Array() },
    { name: `grid flow t=${(r.times[k] ?? NaN).toFixed(2)}`, y: r.flowDensity[k] ?? new Float64Array(), dash: "dot" as const },
  ]);
  return lineFigure(r.grid.x, [...series, { name: "ρ_d", y: r.exact, dash: "dash", color: "black" }],
    { title: "generated law (KDE) vs finite-volume flow", xTitle: "x", yTitle: "density" });
}

/** JSD(ρ_t, ρ_d) of both against t, log scale */
export function jsdFigure(r: Flow1dResult): Figure {
  return lineFigure(r.times, [{ name: "GAN (Algorithm 2), KDE", y: r.jsdGan }, { name: "grid flow", y: r.jsdFlow, dash: "dash" }],
    { title: "JSD(ρ_t, ρ_d), natural log", xTitle: "t = ε × steps", yTitle: "JSD", logY: true });
}

/** samples of G(z) at some checkpoints (at most `perCheckpoint` points each) */
export function ringFigure(r: RingResult, checkpoints: readonly number[], perCheckpoint = 1000): Figure {
  const traces = checkpoints.map((k) => {
    const c = r.train.checkpoints[k];
    if (c === undefined) throw new Error(`ringFigure: no checkpoint ${k}`);
    const n = Math.min(perCheckpoint, c.samples.length / 2);
    const xs = new Float64Array(n), ys = new Float64Array(n);
    for (let i = 0; i < n; i++) { xs[i] = c.samples[2 * i] as number; ys[i] = c.samples[2 * i + 1] as number; }
    return scatterTrace(xs, ys, `t=${c.t.toFixed(2)} (step ${c.step})`, { size: 3 });
  });
  return figure(traces, { title: "G(z) through training, 8-Gaussian ring", xTitle: "x₁", yTitle: "x₂" });
}

/** L1(generated law, grid flow) against t for runs on the same checkpoints, with "not moving" (L1(ρ_0, flow)) dashed */
export function l1Figure(runs: Readonly<Record<string, Flow1dResult>>, still: Flow1dResult): Figure {
  const series = Object.entries(runs).map(([name, r]) => {
    if (r.times.length !== still.times.length) throw new Error(`l1Figure: run "${name}" has ${r.times.length} checkpoints, expected ${still.times.length}`);
    return { name, y: r.l1ToFlow };
  });
  return lineFigure(still.times, [...series, { name: "still (ρ_0)", y: still.l1StillToFlow, dash: "dash" as const, color: "black" }],
    { title: "L1(generated law, grid flow) along t", xTitle: "t = ε × steps", yTitle: "L1" });
}
