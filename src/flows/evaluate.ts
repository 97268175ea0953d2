import * as tf from "@tensorflow/tfjs";
import { dopri5, rk4States, type VectorField } from "../integrate";
import { rng } from "../random";
import { jkoLogDensity, likelihoodOnlyLimit, sampleJkoData, type GaussianJkoSolution } from "../problems";
import { augmentedField, flowStates, nllOf, STATE_EXTRA, tensorAlgebra } from "./ot-flow";
import type { PotentialFlow } from "./potential";

export interface FlowEvalOptions {
  /** evaluation sample size (a fixed sample, drawn from `seed`) */
  readonly n: number;
  readonly seed: number;
  /** RK4 steps of the evaluation solve (more than training's: the metrics are not the training error) */
  readonly rk4Steps: number;
  /** points in the Dormand–Prince NFE solve */
  readonly nfePoints: number;
}

/** every metric of problem 6A for one trained flow, against the exact JKO solution */
export interface FlowMetrics {
  /** E[C] = E[C*] + mean(C_θ − C*) on the same sample (the difference has far less variance) */
  readonly nll: number;
  /** the plain sample mean of C_θ */
  readonly nllRaw: number;
  readonly kinetic: number;
  /** the plain sample mean of L_θ */
  readonly kineticRaw: number;
  /** RMS |z_T(x) − y*(x)| */
  readonly mapError: number;
  /** |mean z_T − mean y*(x)| and Frobenius |cov z_T − cov y*(x)| on the same sample */
  readonly meanError: number;
  readonly covError: number;
  /** E[L] / E[|z_T − x|²/(2T)] ≥ 1 (1: straight constant-speed paths) */
  readonly kappa: number;
  /** RMS of r = −∂ₜΦ + ½|∇Φ|² over the RK4 nodes */
  readonly hjbRms: number;
  /** mean |Φ(x,0) − Φ(z_T,T) − L_T − ∫r dt| (0 up to the integration error, for any potential) */
  readonly dpGap: number;
  /** function evaluations of dopri5 (rtol = atol = 1e-5) on the learned field */
  readonly nfe: number;
}

function moments(y: Float64Array, n: number, d: number): { mean: number[]; cov: number[][] } {
  const mean = Array.from({ length: d }, (_, i) => { let s = 0; for (let k = 0; k < n; k++) s += y[k * d + i] as number; return s / n; });
  const cov = mean.map((mi, i) => mean.map((mj, j) => { let s = 0; for (let k = 0; k < n; k++) s += ((y[k * d + i] as number) - mi) * ((y[k * d + j] as number) - mj); return s / (n - 1); }));
  return { mean, cov };
}

/** the exact map's terminal points and per-particle costs on the sample x (row-major n × d) */
export function exactOnSample(sol: GaussianJkoSolution, x: Float64Array, n: number): { y: Float64Array; C: Float64Array; L: Float64Array } {
  const d = sol.d, T = sol.problem.T;
  const y = new Float64Array(n * d), C = new Float64Array(n), L = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const xk = Array.from(x.subarray(k * d, (k + 1) * d));
    const yk = sol.map(xk);
    y.set(yk, k * d);
    C[k] = 0.5 * yk.reduce((a, v) => a + v * v, 0) - sol.logDet + (d / 2) * Math.log(2 * Math.PI);
    L[k] = yk.reduce((a, v, i) => a + (v - (xk[i] as number)) ** 2, 0) / (2 * T);
  }
  return { y, C, L };
}

const mean = (a: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] as number; return s / a.length; };

/** NFE of dopri5 on ż = −∇Φ(z, t) for m points as one system (float64 states, the field from `grad`) */
export function dopriNfe(grad: (t: number, z: Float64Array) => ArrayLike<number>, x0: Float64Array, T: number): number {
  const f: VectorField = (t, y, out) => {
    const g = grad(t, y);
    for (let i = 0; i < out.length; i++) out[i] = -(g[i] as number);
  };
  return dopri5(f, x0, 0, T, { rtol: 1e-5, atol: 1e-5 }).nfe;
}

export function evaluateFlow(flow: PotentialFlow, sol: GaussianJkoSolution, o: FlowEvalOptions): FlowMetrics {
  const d = flow.d, T = sol.problem.T, n = o.n;
  const x = sampleJkoData(sol.problem, n, rng(o.seed));
  const ex = exactOnSample(sol, x, n);
  const parts = tf.tidy(() => {
    const xt = tf.tensor2d(Float32Array.from(x), [n, d]);
    const nodes = flowStates(flow, xt, T, o.rk4Steps);
    const yT = nodes.at(-1) as tf.Tensor2D;
    const h = T / o.rk4Steps;
    const r2 = tf.addN(nodes.map((y, k) => {
      const j = flow.velocityJet(k * h, tf.slice(y, [0, 0], [n, d]));
      return tf.mean(tf.square(tf.add(tf.neg(j.dt as tf.Tensor2D), tf.mul(tf.sum(tf.square(j.grad), 1, true), 0.5))));
    }));
    const phi0 = flow.jet(0, xt).u, phiT = flow.jet(T, tf.slice(yT, [0, 0], [n, d])).u;
    const gap = tf.abs(tf.sub(tf.sub(phi0, phiT), tf.add(tf.slice(yT, [0, d + 1], [n, 1]), tf.slice(yT, [0, d + 3], [n, 1]))));
    return { yT, C: nllOf(yT, d), r2: tf.div(r2, nodes.length), gap: tf.mean(gap) };
  });
  const yT = parts.yT.dataSync(), C = parts.C.dataSync();
  const r2 = parts.r2.dataSync()[0] as number, gap = parts.gap.dataSync()[0] as number;
  Object.values(parts).forEach((t) => t.dispose());
  const z = new Float64Array(n * d), L = new Float64Array(n), disp = new Float64Array(n), mapSq = new Float64Array(n), dC = new Float64Array(n), dL = new Float64Array(n);
  const w = d + 4;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) {
      const zi = yT[k * w + i] as number;
      z[k * d + i] = zi;
      disp[k] = (disp[k] as number) + (zi - (x[k * d + i] as number)) ** 2 / (2 * T);
      mapSq[k] = (mapSq[k] as number) + (zi - (ex.y[k * d + i] as number)) ** 2;
    }
    L[k] = yT[k * w + d + 1] as number;
    dC[k] = (C[k] as number) - (ex.C[k] as number);
    dL[k] = (L[k] as number) - (ex.L[k] as number);
  }
  const mz = moments(z, n, d), my = moments(ex.y, n, d);
  const m = Math.min(o.nfePoints, n);
  const nfe = dopriNfe((t, y) => tf.tidy(() => flow.velocityJet(t, tf.tensor2d(Float32Array.from(y), [m, d])).grad.dataSync()), x.slice(0, m * d), T);
  return {
    nll: sol.nll + mean(dC), nllRaw: mean(C), kinetic: sol.kinetic + mean(dL), kineticRaw: mean(L),
    mapError: Math.sqrt(mean(mapSq)),
    meanError: Math.hypot(...mz.mean.map((v, i) => v - (my.mean[i] as number))),
    covError: Math.hypot(...mz.cov.flatMap((row, i) => row.map((v, j) => v - (my.cov[i]?.[j] as number)))),
    kappa: mean(L) / mean(disp), hjbRms: Math.sqrt(r2), dpGap: gap, nfe,
  };
}

/** the same metrics for the trivial baseline "no flow" (identity map) and the exact solution's field */
export function flowBaselines(sol: GaussianJkoSolution, o: FlowEvalOptions): { identity: Pick<FlowMetrics, "nll" | "kinetic" | "mapError">; exactNfe: number; v0Floor: number; brenierKinetic: number } {
  const d = sol.d, n = o.n, p = sol.problem;
  const x = sampleJkoData(p, n, rng(o.seed));
  const ex = exactOnSample(sol, x, n);
  let sq = 0;
  for (let i = 0; i < n * d; i++) sq += ((x[i] as number) - (ex.y[i] as number)) ** 2;
  const nllId = 0.5 * (p.mu0.reduce((a, v) => a + v * v, 0) + p.s.reduce((a, v) => a + v * v, 0)) + (d / 2) * Math.log(2 * Math.PI);
  const m = Math.min(o.nfePoints, n);
  const exactNfe = dopriNfe((t, y) => {
    const g = new Float64Array(y.length);
    for (let k = 0; k < m; k++) g.set(sol.potentialGrad(Array.from(y.subarray(k * d, (k + 1) * d)), t), k * d);
    return g;
  }, x.slice(0, m * d), p.T);
  const lim = likelihoodOnlyLimit(p);
  return { identity: { nll: nllId, kinetic: 0, mapError: Math.sqrt(sq / n) }, exactNfe, v0Floor: lim.entropy, brenierKinetic: lim.kinetic };
}

/**
 * log ρ_t(x) of the learned flow at n points x (row-major n × d), with the exact divergence: RK4
 * backwards from (x, t) to 0 with the augmented field gives z₀ and ℓ(0) = −∫₀ᵗ div v, and
 * log ρ_t(x) = log ρ₀(z₀) + ℓ(0) (ρ₀ the data law). t = 0 is ρ₀ itself.
 */
export function flowLogDensity(flow: PotentialFlow, sol: GaussianJkoSolution, x: Float64Array, n: number, t: number, steps: number): Float64Array {
  const d = flow.d;
  if (x.length !== n * d) throw new Error(`flowLogDensity: x has length ${x.length}, expected n·d = ${n * d}`);
  if (!(t >= 0 && t <= sol.problem.T)) throw new Error(`flowLogDensity: t must be in [0, T = ${sol.problem.T}], got ${t}`);
  const w = d + STATE_EXTRA;
  const y0 = t === 0 ? null : tf.tidy(() => {
    const start = tf.concat([tf.tensor2d(Float32Array.from(x), [n, d]), tf.zeros([n, STATE_EXTRA])], 1) as tf.Tensor2D;
    return (rk4States(tensorAlgebra, augmentedField(flow), start, { t0: t, t1: 0, steps }).at(-1) as tf.Tensor2D).dataSync();
  });
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const z0 = y0 === null ? Array.from(x.subarray(k * d, (k + 1) * d)) : Array.from({ length: d }, (_, i) => y0[k * w + i] as number);
    out[k] = jkoLogDensity(sol, z0, 0) + (y0 === null ? 0 : (y0[k * w + d] as number));
  }
  return out;
}
