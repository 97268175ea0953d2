import { jsdOnGrid, kdeDensity } from "./divergence";
import { solveJsdFlow } from "./fv-flow";
import { l1Distance, sampleOnGrid, uniformGrid, type Grid1D } from "./grid";
import { mixtureLogDensity, modeCoverage, standardNormal, type IsoMixture } from "../domains";
import { trainJsdGan, type JsdGanConfig, type JsdGanResult } from "./train";

/**
 * The notebook's experiments as functions returning plain numbers and arrays, so the
 * notebook only sets knobs, plots and asserts.
 */

export interface Flow1dOptions {
  readonly gan: Omit<JsdGanConfig, "target">;
  readonly target: IsoMixture;
  /** the grid of the reference flow and of the KDE */
  readonly gridLo: number;
  readonly gridHi: number;
  readonly gridCells: number;
  /** Gaussian KDE bandwidth for the generated law */
  readonly bandwidth: number;
}

export interface Flow1dResult {
  readonly grid: Grid1D;
  /** ρ_d on the grid */
  readonly exact: Float64Array;
  readonly times: number[];
  readonly ganDensity: Float64Array[];
  readonly flowDensity: Float64Array[];
  readonly jsdGan: number[];
  readonly jsdFlow: number[];
  readonly l1ToFlow: number[];
  /** the trivial baseline "not moving at all": L1(ρ_0, flow at t) at the same times */
  readonly l1StillToFlow: number[];
  readonly train: JsdGanResult;
}

/** Algorithm 2 in 1-D against the finite-volume flow at the matched times t = ε × steps. */
export function runFlow1d(o: Flow1dOptions): Flow1dResult {
  if (checkDim(o.target) !== 1) throw new Error("runFlow1d: target must be one-dimensional");
  const grid = uniformGrid(o.gridLo, o.gridHi, o.gridCells);
  const logTarget = sampleOnGrid(grid, (x) => mixtureLogDensity(o.target, [x]));
  const exact = logTarget.map(Math.exp);
  const u0 = sampleOnGrid(grid, (x) => Math.exp(mixtureLogDensity(o.gan.source ?? standardNormal(1), [x])));
  const train = trainJsdGan({ ...o.gan, target: o.target });
  const times = train.checkpoints.map((c) => c.t);
  const flow = solveJsdFlow({ grid, logTarget, u0, times });
  const ganDensity = train.checkpoints.map((c) => kdeDensity(grid, c.samples, o.bandwidth));
  return {
    grid, exact, times, ganDensity, flowDensity: [...flow.densities],
    jsdGan: ganDensity.map((p) => jsdOnGrid(grid, p, exact)),
    jsdFlow: [...flow.jsd],
    l1ToFlow: ganDensity.map((p, k) => l1Distance(grid, p, flow.densities[k] as Float64Array)),
    l1StillToFlow: flow.densities.map((f) => l1Distance(grid, u0, f)),
    train,
  };
}

function checkDim(m: IsoMixture): number {
  return m.means[0]?.length ?? 0;
}

export interface RingResult {
  readonly train: JsdGanResult;
  /** modes covered at each checkpoint */
  readonly covered: number[];
  /** per-mode sample fractions at the last checkpoint */
  readonly fractions: number[];
}

/** Algorithm 2 on a 2-D Gaussian ring, with mode coverage at every checkpoint. */
export function runRing(ring: IsoMixture, gan: Omit<JsdGanConfig, "target">): RingResult {
  if (checkDim(ring) !== 2) throw new Error("runRing: the ring must be two-dimensional");
  const train = trainJsdGan({ ...gan, target: ring });
  const cov = train.checkpoints.map((c) => modeCoverage(ring, c.samples));
  return { train, covered: cov.map((c) => c.covered), fractions: cov[cov.length - 1]?.fractions ?? [] };
}
