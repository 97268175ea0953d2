import { all, integer, nonNegative, oneOf, positiveInt } from "../config";
import { type Rng, rng } from "../random";
import { type ParticleMeasure, cloneMeasure, multiplicativeUpdate, uniformMeasure } from "./measure";
import { type Moments, type PolyGame, addMoments, moments, zeroMoments } from "./poly-game";
import { type QuadForm, quadGrad, quadValue, type SphereOptOptions } from "./quad-form";
import { nikaidoIsoda, payoffX, payoffY } from "./game-eval";
import { projectTangent, retractRow } from "./sphere";

/** The two players' mixed strategies: x minimises, y maximises. */
export interface GameState {
  readonly x: ParticleMeasure;
  readonly y: ParticleMeasure;
}

/**
 * Moves every particle along ∓ the Riemannian gradient of its payoff f against the opponent,
 * plus optional tangent Gaussian noise of std `noise`, then retracts onto the sphere.
 */
function transport(m: ParticleMeasure, f: QuadForm, sign: 1 | -1, eta: number, noise: number, r?: Rng): void {
  const { d, n, pos } = m;
  const g = new Float64Array(d), xi = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    quadGrad(f, pos, g, i * d);
    projectTangent(pos, g, d, i * d);
    if (noise > 0 && r !== undefined) {
      for (let k = 0; k < d; k++) xi[k] = r.normal();
      projectTangent(pos, xi, d, i * d);
    }
    for (let k = 0; k < d; k++) pos[i * d + k] = (pos[i * d + k] as number) + sign * eta * (g[k] as number) + noise * (xi[k] as number);
    retractRow(pos, i, d);
  }
}

/** payoff of each particle against the opponent: the first variation the Fisher–Rao step needs */
function scores(m: ParticleMeasure, f: QuadForm): Float64Array {
  const s = new Float64Array(m.n);
  for (let i = 0; i < m.n; i++) s[i] = quadValue(f, m.pos, i * m.d);
  return s;
}

/** both players' payoff forms at the current (pre-step) state, so that the updates are simultaneous */
function forms(g: PolyGame, s: GameState): { fx: QuadForm; fy: QuadForm } {
  return { fx: payoffX(g, moments(s.y)), fy: payoffY(g, moments(s.x)) };
}

/**
 * One WFR descent-ascent step (in place, simultaneous):
 *   x_i ← R(x_i − η ∇̃_x Σ_j v_j ℓ(x_i,y_j)),  w_i ∝ w_i exp(−η' Σ_j v_j ℓ(x_i,y_j))
 *   y_j ← R(y_j + η ∇̃_y Σ_i w_i ℓ(x_i,y_j)),  v_j ∝ v_j exp(+η' Σ_i w_i ℓ(x_i,y_j))
 * with ∇̃ the Riemannian gradient and R the retraction; the weights use the pre-step positions.
 */
export function wfrStep(g: PolyGame, s: GameState, eta: number, etaFR: number): void {
  const { fx, fy } = forms(g, s);
  const sx = scores(s.x, fx), sy = scores(s.y, fy);
  multiplicativeUpdate(s.x.w, sx, -etaFR);
  multiplicativeUpdate(s.y.w, sy, etaFR);
  transport(s.x, fx, -1, eta, 0);
  transport(s.y, fy, 1, eta, 0);
}

/** Langevin descent-ascent: positions only, plus √(2η/β) tangent N(0, I) noise; weights stay fixed */
export function langevinStep(g: PolyGame, s: GameState, eta: number, beta: number, r: Rng): void {
  const { fx, fy } = forms(g, s);
  const noise = Number.isFinite(beta) ? Math.sqrt((2 * eta) / beta) : 0;
  transport(s.x, fx, -1, eta, noise, r);
  transport(s.y, fy, 1, eta, noise, r);
}

/** mirror descent (multiplicative weights) on fixed positions */
export function mirrorStep(g: PolyGame, s: GameState, etaFR: number): void {
  const { fx, fy } = forms(g, s);
  multiplicativeUpdate(s.x.w, scores(s.x, fx), -etaFR);
  multiplicativeUpdate(s.y.w, scores(s.y, fy), etaFR);
}

export type Method = "wfr" | "langevin" | "mirror";

export interface RunGameOptions {
  readonly method: Method;
  /** particles per player */
  readonly n: number;
  readonly steps: number;
  /** transport step (wfr, langevin) */
  readonly eta: number;
  /** Fisher–Rao step (wfr, mirror) */
  readonly etaFR: number;
  /** inverse temperature (langevin) */
  readonly beta: number;
  /** seeds the initial particles and the noise */
  readonly seed: number;
  /** steps (1-based) at which to record the NI error of the time-averaged measures */
  readonly checkpoints: readonly number[];
  readonly ni?: SphereOptOptions;
}

export interface NiRow {
  readonly step: number;
  /** NI error of the time averages (1/t) Σ_{s≤t} μ_s (positions and weights) */
  readonly ni: number;
  /** NI error of the current iterate */
  readonly niLast: number;
  /** NI error of the paper's estimator (`PAPER_ESTIMATOR`) */
  readonly niPaper: number;
}

/**
 * What Domingo-Enrich et al. (2020, §5) evaluate for each dynamics: WFR-DA and mirror descent the
 * current positions carrying the time-averaged weights (1/t) Σ_s w_s (the average is over weights
 * only, not over positions); Langevin-DA its last iterate.
 */
export const PAPER_ESTIMATOR: Readonly<Record<Method, "averaged weights" | "last iterate">> = {
  wfr: "averaged weights", mirror: "averaged weights", langevin: "last iterate",
};

/** moments of Σ_i (sumW_i / t) δ_{x_i}: the current positions with the time-averaged weights */
function averagedWeightMoments(m: ParticleMeasure, sumW: Float64Array, t: number): Moments {
  return moments({ d: m.d, n: m.n, pos: m.pos, w: sumW.map((v) => v / t) });
}

function addInto(sum: Float64Array, v: Float64Array): void {
  for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (v[i] as number);
}

function checkRun(o: RunGameOptions): void {
  all("runGame", { n: o.n, steps: o.steps }, positiveInt);
  // beta = Infinity is noiseless descent-ascent
  all("runGame", { eta: o.eta, etaFR: o.etaFR, beta: o.beta }, nonNegative);
  oneOf(["wfr", "langevin", "mirror"])("runGame", "method", o.method);
  integer("runGame", "seed", o.seed);
}

/** runs one dynamics from uniform particles; returns the NI curve and the final state */
export function runGame(g: PolyGame, o: RunGameOptions): { rows: NiRow[]; state: GameState; avgX: Moments; avgY: Moments } {
  checkRun(o);
  const r = rng(o.seed);
  const s: GameState = { x: uniformMeasure(r, o.n, g.d), y: uniformMeasure(r, o.n, g.d) };
  const noise = r.fork();
  const sumX = zeroMoments(g.d), sumY = zeroMoments(g.d);
  const sumWX = new Float64Array(o.n), sumWY = new Float64Array(o.n);
  const want = new Set(o.checkpoints);
  const rows: NiRow[] = [];
  for (let t = 1; t <= o.steps; t++) {
    if (o.method === "wfr") wfrStep(g, s, o.eta, o.etaFR);
    else if (o.method === "langevin") langevinStep(g, s, o.eta, o.beta, noise);
    else mirrorStep(g, s, o.etaFR);
    const mx = moments(s.x), my = moments(s.y);
    addMoments(sumX, mx, 1);
    addMoments(sumY, my, 1);
    addInto(sumWX, s.x.w);
    addInto(sumWY, s.y.w);
    if (want.has(t)) {
      const avgX = zeroMoments(g.d), avgY = zeroMoments(g.d);
      addMoments(avgX, sumX, 1 / t);
      addMoments(avgY, sumY, 1 / t);
      const ni = nikaidoIsoda(g, avgX, avgY, rng(o.seed + 7919 * t), o.ni).ni;
      const niLast = nikaidoIsoda(g, mx, my, rng(o.seed + 7919 * t), o.ni).ni;
      const niPaper = PAPER_ESTIMATOR[o.method] === "last iterate"
        ? niLast
        : nikaidoIsoda(g, averagedWeightMoments(s.x, sumWX, t), averagedWeightMoments(s.y, sumWY, t), rng(o.seed + 7919 * t), o.ni).ni;
      rows.push({ step: t, ni, niLast, niPaper });
    }
  }
  const avgX = zeroMoments(g.d), avgY = zeroMoments(g.d);
  addMoments(avgX, sumX, 1 / o.steps);
  addMoments(avgY, sumY, 1 / o.steps);
  return { rows, state: { x: cloneMeasure(s.x), y: cloneMeasure(s.y) }, avgX, avgY };
}

/** about `count` integer steps in [1, steps], log-spaced, always including `steps` */
export function logCheckpoints(steps: number, count: number): number[] {
  const out = new Set<number>();
  for (let k = 0; k < count; k++) out.add(Math.max(1, Math.round(Math.exp((Math.log(steps) * k) / Math.max(1, count - 1)))));
  out.add(steps);
  return [...out].sort((a, b) => a - b);
}
