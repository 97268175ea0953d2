import * as tf from "@tensorflow/tfjs";
import { figure, lineTrace, scatterTrace, type Figure, type Trace } from "../plots";
import { jkoSteps, ouFlow, sampleJkoData, type GaussianJkoSolution } from "../problems";
import { rng } from "../random";
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
