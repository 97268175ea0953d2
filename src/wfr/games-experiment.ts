import { type Method, type NiRow, logCheckpoints, runGame } from "./dynamics";
import type { PolyGame } from "./poly-game";

/** the step sizes of one dynamics (unused ones are ignored by it) */
export interface DynamicsParams {
  readonly eta: number;
  readonly etaFR: number;
  readonly beta: number;
}

/** which NI a tuning or summary reads: of the time averages, of the last iterate, or of the paper's estimator */
export type NiEstimator = "ni" | "niLast" | "niPaper";

export type GameMaker = (d: number, seed: number) => PolyGame;

export interface SweepRow extends NiRow {
  readonly d: number;
  readonly n: number;
  readonly method: Method;
  readonly seed: number;
}

/** final NI (by `estimator`) of one run, averaged over the given seeds (a fresh game per seed) */
function meanFinalNi(make: GameMaker, d: number, n: number, steps: number, seeds: readonly number[], method: Method, p: DynamicsParams,
  estimator: NiEstimator): number {
  let s = 0;
  for (const seed of seeds) {
    const rows = runGame(make(d, seed), { method, n, steps, seed: seed + 100003, checkpoints: [steps], ...p }).rows;
    s += (rows[0] as NiRow)[estimator];
  }
  return s / seeds.length;
}

export interface TuneGrid {
  readonly eta: readonly number[];
  readonly etaFR: readonly number[];
  readonly beta: readonly number[];
}

export interface TuneResult {
  readonly best: Record<Method, DynamicsParams>;
  /** every setting tried: method, parameters, mean final NI on the tuning seeds */
  readonly tried: { method: Method; eta: number; etaFR: number; beta: number; ni: number }[];
}

/**
 * Per-method grid search on tuning seeds (disjoint from the evaluation seeds), minimising the final
 * NI read by `estimator`. Langevin-DA picks (η, β) jointly; WFR-DA then reuses Langevin's η — the
 * same transport step for both — and tunes only η'; mirror descent tunes η'. Each baseline thus
 * gets its own best setting.
 */
export function tuneDynamics(make: GameMaker, d: number, n: number, steps: number, seeds: readonly number[], grid: TuneGrid,
  estimator: NiEstimator = "ni"): TuneResult {
  const tried: TuneResult["tried"] = [];
  const pick = (method: Method, cands: DynamicsParams[]): DynamicsParams => {
    let best = cands[0] as DynamicsParams, bestNi = Infinity;
    for (const p of cands) {
      const ni = meanFinalNi(make, d, n, steps, seeds, method, p, estimator);
      tried.push({ method, ...p, ni });
      if (ni < bestNi) [best, bestNi] = [p, ni];
    }
    return best;
  };
  const langevin = pick("langevin", grid.eta.flatMap((eta) => grid.beta.map((beta) => ({ eta, beta, etaFR: 0 }))));
  const wfr = pick("wfr", grid.etaFR.map((etaFR) => ({ eta: langevin.eta, etaFR, beta: 0 })));
  const mirror = pick("mirror", grid.etaFR.map((etaFR) => ({ eta: 0, etaFR, beta: 0 })));
  return { best: { wfr, langevin, mirror }, tried };
}

/** every (d, n, method, seed) run, with the NI of the time averages at log-spaced checkpoints */
export function sweepGames(make: GameMaker, ds: readonly number[], ns: readonly number[], seeds: readonly number[],
  steps: number, params: (d: number) => Record<Method, DynamicsParams>, onRun?: (done: number, total: number) => void): SweepRow[] {
  const methods: Method[] = ["wfr", "langevin", "mirror"];
  const out: SweepRow[] = [];
  const total = ds.length * ns.length * methods.length * seeds.length;
  const checkpoints = logCheckpoints(steps, 12);
  for (const d of ds) {
    for (const n of ns) {
      for (const method of methods) {
        for (const seed of seeds) {
          const rows = runGame(make(d, seed), { method, n, steps, seed: seed + 100003, checkpoints, ...params(d)[method] }).rows;
          rows.forEach((r) => out.push({ d, n, method, seed, ...r }));
          onRun?.(out.length / checkpoints.length, total);
        }
      }
    }
  }
  return out;
}

export interface SummaryRow {
  readonly d: number;
  readonly n: number;
  readonly method: Method;
  readonly step: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** mean over seeds of the last iterate's NI (not averaged in time) */
  readonly lastMean: number;
  readonly seeds: number;
}

/** mean, std, min, max over seeds of the NI read by `estimator` (default: of the time averages), per (d, n, method, step) */
export function summariseSweep(rows: readonly SweepRow[], estimator: NiEstimator = "ni"): SummaryRow[] {
  const groups = new Map<string, SweepRow[]>();
  for (const r of rows) {
    const key = `${r.d}|${r.n}|${r.method}|${r.step}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const v = g.map((r) => r[estimator]);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
    const { d, n, method, step } = g[0] as SweepRow;
    const lastMean = g.reduce((a, r) => a + r.niLast, 0) / g.length;
    return { d, n, method, step, mean, std, min: Math.min(...v), max: Math.max(...v), lastMean, seeds: v.length };
  });
}

/** per (d, n, method): the summary at the last checkpoint, for tables */
export function finalRows(summary: readonly SummaryRow[]): SummaryRow[] {
  const top = Math.max(...summary.map((s) => s.step));
  return summary.filter((s) => s.step === top);
}

/** the final-step summary rows, i.e. the mean over seeds of the final time-averaged NI */
export function finalNi(summary: readonly SummaryRow[], d: number, method: Method, n?: number): number {
  const last = summary.filter((s) => s.d === d && s.method === method && (n === undefined || s.n === n));
  const top = Math.max(...last.map((s) => s.step));
  const at = last.filter((s) => s.step === top);
  if (at.length === 0) throw new Error(`finalNi: no rows for d=${d}, method=${method}`);
  return at.reduce((a, s) => a + s.mean, 0) / at.length;
}

/**
 * Per (d, n): on how many seeds each method's final NI (by `estimator`) is the lowest of the three —
 * the per-seed form of the paper's ordering claim (WFR-DA lowest).
 */
export function lowestBySeed(rows: readonly SweepRow[], estimator: NiEstimator): { d: number; n: number; seeds: number; wins: Record<Method, number> }[] {
  const top = Math.max(...rows.map((r) => r.step));
  const runs = new Map<string, Map<number, Partial<Record<Method, number>>>>();
  for (const r of rows) {
    if (r.step !== top) continue;
    const key = `${r.d}|${r.n}`;
    const bySeed = runs.get(key) ?? new Map<number, Partial<Record<Method, number>>>();
    bySeed.set(r.seed, { ...bySeed.get(r.seed), [r.method]: r[estimator] });
    runs.set(key, bySeed);
  }
  return [...runs].map(([key, bySeed]) => {
    const [d, n] = key.split("|").map(Number) as [number, number];
    const wins: Record<Method, number> = { wfr: 0, langevin: 0, mirror: 0 };
    for (const v of bySeed.values()) {
      const best = (Object.entries(v) as [Method, number][]).reduce((a, b) => (b[1] < a[1] ? b : a));
      wins[best[0]]++;
    }
    return { d, n, seeds: bySeed.size, wins };
  }).sort((a, b) => a.d - b.d || a.n - b.n);
}

export interface GameStudy {
  /** per d: the tuned step sizes, tuned on the paper's estimator */
  readonly tune: Map<number, TuneResult>;
  readonly rows: SweepRow[];
  /** the paper's estimator (averaged weights for WFR-DA and mirror descent, last iterate for Langevin-DA) */
  readonly paper: SummaryRow[];
  /** the time average of positions and weights, for every method */
  readonly average: SummaryRow[];
}

export interface StudyOptions {
  readonly dims: readonly number[]; readonly particles: readonly number[]; readonly seeds: readonly number[]; readonly steps: number;
  readonly tuneSeeds: readonly number[]; readonly tuneSteps: number; readonly grid: TuneGrid;
}

/** one dimension of a study: its tuned step sizes and its evaluation runs */
export interface DimensionStudy {
  readonly d: number;
  readonly tune: TuneResult;
  readonly rows: SweepRow[];
}

/**
 * One dimension of the protocol: tune each dynamics on the tuning seeds (at the smallest n, minimising
 * the paper's estimator), then run every (n, method) on the evaluation seeds. Each run seeds itself,
 * so dimensions are independent of one another (and may run on different threads).
 */
export function studyDimension(make: GameMaker, d: number, o: StudyOptions, onRun?: (done: number, total: number) => void): DimensionStudy {
  const tune = tuneDynamics(make, d, Math.min(...o.particles), o.tuneSteps, o.tuneSeeds, o.grid, "niPaper");
  return { d, tune, rows: sweepGames(make, [d], o.particles, o.seeds, o.steps, () => tune.best, onRun) };
}

/** the study from its dimensions, in the order of `dims` */
export function assembleStudy(dims: readonly number[], parts: readonly DimensionStudy[]): GameStudy {
  const byD = new Map(parts.map((p) => [p.d, p]));
  const ordered = dims.map((d) => {
    const p = byD.get(d);
    if (p === undefined) throw new Error(`assembleStudy: no result for d = ${d}`);
    return p;
  });
  const rows = ordered.flatMap((p) => p.rows);
  return { tune: new Map(ordered.map((p) => [p.d, p.tune])), rows, paper: summariseSweep(rows, "niPaper"), average: summariseSweep(rows, "ni") };
}

/** One game family's protocol (studyDimension for each d), in this thread; `onRun` counts evaluation runs over all d */
export function studyGame(make: GameMaker, o: StudyOptions, onRun?: (done: number, total: number) => void): GameStudy {
  // every dimension has the same number of runs, so the k-th one's count is offset by k of its totals
  return assembleStudy(o.dims, o.dims.map((d, k) => studyDimension(make, d, o, onRun && ((done, perD) => onRun(k * perD + done, o.dims.length * perD)))));
}
