import { inRange } from "../config";
import { checkLength, integrate, type Grid1D } from "./grid";
import { jsdOnGrid } from "./divergence";

/**
 * Finite-volume reference for the Jensen–Shannon gradient flow in 1-D,
 *   ∂_t u = ½ ∂_x( u ∂_x ln(u/(ρ_d + u)) ),   no flux at the ends of the grid.
 * The flux is rewritten with the identity u ∂_x ln(u/(ρ_d+u)) = ρ_d ∂_x w, w = ln(1 + u/ρ_d)
 * (the form v_t = ½ Δ_{μ_d} ln(1+v), v = u/ρ_d), and discretised Scharfetter–Gummel style:
 *   F_{i+½} = −½ ρ_{i+½} (w_{i+1} − w_i)/h,   ρ_{i+½} = 1 / logmean(1/ρ_i, 1/ρ_{i+1}),
 * the face weight that makes the scheme exact for the linear Fokker–Planck flux with ln ρ_d
 * piecewise linear. Why this form: it never evaluates ln u, so u = 0 cells are harmless and
 * positivity follows from monotonicity (w increases with u_i alone), while the JSD still decreases
 * semi-discretely (w and ln(u/(ρ_d+u)) are both increasing functions of v = u/ρ_d, so every face
 * term of dJ/dt = Σ F (φ_{i+1} − φ_i) is ≤ 0).
 * Time stepping: explicit Euler with dt ≤ cfl · min_i 2ρ_i/(a_{i−½} + a_{i+½}), a = ρ_face/h²,
 * which keeps the update monotone (hence u ≥ 0) for every u ≥ 0. All arithmetic in float64;
 * ln ρ_d is taken as input so deep Gaussian tails never underflow inside w.
 */

export interface JsdFlowOptions {
  readonly grid: Grid1D;
  /** ln ρ_d at the cell centres (finite) */
  readonly logTarget: Float64Array;
  /** initial density at the cell centres, ≥ 0 */
  readonly u0: Float64Array;
  /** fraction of the monotonicity limit used as time step, in (0, 1]; default 0.9 */
  readonly cfl?: number;
}

export interface JsdFlowSolver {
  readonly grid: Grid1D;
  /** ρ_d at the cell centres */
  readonly target: Float64Array;
  /** the largest stable time step */
  readonly dtMax: number;
  time(): number;
  /** explicit steps taken so far */
  steps(): number;
  /** a copy of the current density */
  density(): Float64Array;
  /** integrate exactly up to time t ≥ time() (the last step is shortened to land on t) */
  advanceTo(t: number): void;
}

/** ρ_i B(ln ρ_i − ln ρ_{i+1}) with B(Δ) = Δ/(e^Δ − 1): the Scharfetter–Gummel face density */
function faceDensity(la: number, lb: number): number {
  const d = la - lb;
  if (Math.abs(d) < 1e-10) return Math.exp(0.5 * (la + lb));
  // B(d) = d/(e^d − 1); evaluate from the larger log so nothing overflows
  return d > 0 ? Math.exp(lb) * (d / -Math.expm1(-d)) : Math.exp(la) * (-d / -Math.expm1(d));
}

function checkOptions(o: JsdFlowOptions): number {
  checkLength(o.grid, o.logTarget, "jsdFlow: logTarget");
  checkLength(o.grid, o.u0, "jsdFlow: u0");
  o.logTarget.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`jsdFlow: logTarget[${i}] must be finite, got ${v}`);
  });
  o.u0.forEach((v, i) => {
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`jsdFlow: u0[${i}] must be finite and ≥ 0, got ${v}`);
  });
  return inRange(0, 1, "(]")("jsdFlow", "cfl", o.cfl ?? 0.9);
}

export function jsdFlowSolver(opts: JsdFlowOptions): JsdFlowSolver {
  const cfl = checkOptions(opts);
  const { grid, logTarget } = opts;
  const n = grid.n, h2 = grid.h * grid.h;
  const target = logTarget.map(Math.exp);
  // a[i] couples cells i and i+1 (n−1 interior faces; the two boundary faces carry no flux)
  const a = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) a[i] = faceDensity(logTarget[i] as number, logTarget[i + 1] as number) / h2;
  let dtMax = Infinity;
  for (let i = 0; i < n; i++) {
    const sum = (i > 0 ? (a[i - 1] as number) : 0) + (i < n - 1 ? (a[i] as number) : 0);
    if (sum > 0) dtMax = Math.min(dtMax, (2 * (target[i] as number)) / sum);
  }
  dtMax *= cfl;
  const u = Float64Array.from(opts.u0);
  const w = new Float64Array(n);
  const flux = new Float64Array(n - 1);
  let t = 0, count = 0;
  const step = (dt: number): void => {
    for (let i = 0; i < n; i++) {
      const ui = u[i] as number;
      // w = ln(1 + e^{ln u − ln ρ}) = softplus, stable for both signs of the exponent
      const z = ui > 0 ? Math.log(ui) - (logTarget[i] as number) : -Infinity;
      w[i] = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }
    for (let i = 0; i < n - 1; i++) flux[i] = 0.5 * (a[i] as number) * ((w[i + 1] as number) - (w[i] as number));
    for (let i = 0; i < n; i++) {
      const du = (i < n - 1 ? (flux[i] as number) : 0) - (i > 0 ? (flux[i - 1] as number) : 0);
      // no clipping: the monotone update keeps u ≥ 0 by itself, and clipping would break conservation
      u[i] = (u[i] as number) + dt * du;
    }
    t += dt;
    count++;
  };
  return {
    grid, target, dtMax,
    time: () => t,
    steps: () => count,
    density: () => Float64Array.from(u),
    advanceTo(tEnd: number): void {
      if (!(tEnd >= t) || !Number.isFinite(tEnd)) throw new Error(`jsdFlow.advanceTo: t=${tEnd} must be ≥ the current time ${t}`);
      const k = Math.ceil((tEnd - t) / dtMax - 1e-12);
      const dt = k > 0 ? (tEnd - t) / k : 0;
      for (let j = 0; j < k; j++) step(dt);
      t = tEnd;
    },
  };
}

export interface JsdFlowPath {
  readonly times: readonly number[];
  readonly densities: readonly Float64Array[];
  /** JSD(u_t, ρ_d), natural log */
  readonly jsd: readonly number[];
  readonly mass: readonly number[];
  readonly steps: number;
  readonly dt: number;
}

/** The flow sampled at increasing times (t = 0 allowed). */
export function solveJsdFlow(opts: JsdFlowOptions & { readonly times: readonly number[] }): JsdFlowPath {
  const solver = jsdFlowSolver(opts);
  const densities: Float64Array[] = [], jsd: number[] = [], mass: number[] = [];
  opts.times.forEach((t, k) => {
    if (k > 0 && !(t >= (opts.times[k - 1] as number))) throw new Error(`solveJsdFlow: times must be increasing (times[${k}]=${t})`);
    solver.advanceTo(t);
    const u = solver.density();
    densities.push(u);
    jsd.push(jsdOnGrid(opts.grid, u, solver.target));
    mass.push(integrate(opts.grid, u));
  });
  return { times: [...opts.times], densities, jsd, mass, steps: solver.steps(), dt: solver.dtMax };
}
