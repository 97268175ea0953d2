import * as tf from "@tensorflow/tfjs";
import { boxGrid, domainOf, integrate, sampleDomain, volume, type Domain } from "../domains";
import { deriveSeed, rng } from "../random";
import { call, checkFunction, checkTensor } from "./checks";
import { checkDpH, measureCurvature, measureDivx } from "./hamiltonian";
import type { ErgodicProblem, ErgodicSpec, FiniteHorizonProblem, FiniteHorizonSpec, Hamiltonian } from "./types";

/** Validation points per check; a fixed seed so that validation is repeatable. */
const N_CHECK = 64;

function checkCommon(who: string, spec: ErgodicSpec | FiniteHorizonSpec): void {
  if (spec === null || typeof spec !== "object") throw new Error(`${who}: spec must be an object`);
  if (!Number.isInteger(spec.d) || spec.d < 1) throw new Error(`${who}: d must be a positive integer, got ${String(spec.d)}`);
  if (typeof spec.nu !== "number" || !Number.isFinite(spec.nu) || spec.nu < 0) throw new Error(`${who}: nu must be a finite number >= 0, got ${String(spec.nu)}`);
  if (spec.hamiltonian === null || typeof spec.hamiltonian !== "object") throw new Error(`${who}: hamiltonian must be { H, dpH }`);
  checkFunction(who, "hamiltonian.H", spec.hamiltonian.H);
  checkFunction(who, "hamiltonian.dpH", spec.hamiltonian.dpH);
  checkFunction(who, "coupling", spec.coupling);
  for (const [k, f] of Object.entries(spec.meanField ?? {})) checkFunction(who, `meanField.${k}`, f);
  if (spec.exact?.u !== undefined) checkFunction(who, "exact.u", spec.exact.u);
  if (spec.exact?.m !== undefined) checkFunction(who, "exact.m", spec.exact.m);
  if (spec.exact?.lambda !== undefined && !Number.isFinite(spec.exact.lambda)) throw new Error(`${who}: exact.lambda must be finite, got ${spec.exact.lambda}`);
}

/** Rows (t?, x) and momenta p ~ N(0,1) for the checks. */
function checkPoints(domain: Domain, d: number, horizon: number | undefined): { x: tf.Tensor2D; xs: tf.Tensor2D; p: tf.Tensor2D } {
  const r = rng(deriveSeed(0, "validation"));
  const xs = sampleDomain(domain, r, N_CHECK, "uniform");
  const p = tf.tensor2d(Float32Array.from(r.normalArray(N_CHECK * d)), [N_CHECK, d]);
  if (horizon === undefined) return { x: xs.clone(), xs, p };
  const t = tf.tensor2d(Float32Array.from(r.uniformArray(N_CHECK, 0, horizon)), [N_CHECK, 1]);
  return { x: tf.concat([t, xs], 1) as tf.Tensor2D, xs, p };
}

/** Shapes and finiteness of H, coupling, the mean-field terms and the exact solution. */
function checkPointFunctions(who: string, spec: ErgodicSpec | FiniteHorizonSpec, x: tf.Tensor2D, p: tf.Tensor2D, vol: number): void {
  const n = x.shape[0];
  tf.tidy(() => {
    checkTensor(who, "hamiltonian.H", call(who, "hamiltonian.H", () => spec.hamiltonian.H(x, p)), [n, 1]);
    const mf: Record<string, tf.Tensor2D> = {};
    for (const [k, f] of Object.entries(spec.meanField ?? {})) {
      const v = checkTensor(who, `meanField.${k}`, call(who, `meanField.${k}`, () => f(x, p)), [n, 1]);
      mf[k] = tf.mul(tf.ones([n, 1]), tf.mean(v)) as tf.Tensor2D;
    }
    const m = tf.fill([n, 1], 1 / vol) as tf.Tensor2D;
    checkTensor(who, "coupling", call(who, "coupling", () => spec.coupling(x, m, tf.log(m) as tf.Tensor2D, mf)), [n, 1]);
    if (spec.exact?.u) checkTensor(who, "exact.u", call(who, "exact.u", () => spec.exact!.u!(x)), [n, 1]);
    if (spec.exact?.m) checkTensor(who, "exact.m", call(who, "exact.m", () => spec.exact!.m!(x)), [n, 1]);
  });
}

function derived(who: string, ham: Hamiltonian, x: tf.Tensor2D, p: tf.Tensor2D, first: number) {
  checkDpH(who, ham, x, p);
  const curvature = measureCurvature(who, ham, x, p);
  const divx = measureDivx(who, ham, x, p, first);
  return { curvature, divx, needsHessian: curvature.kind !== "isotropic" };
}

/** An ergodic MFG on the torus, validated on random points before any training. */
export function ergodic(spec: ErgodicSpec): ErgodicProblem {
  const who = "mfg.ergodic";
  checkCommon(who, spec);
  const domain = domainOf(spec.domain ?? { torus: true }, spec.d, who);
  if (domain.kind !== "torus") throw new Error(`${who}: domain must be the torus { torus: true } (ergodic problems on a box need boundary conditions this core does not pose)`);
  const { x, xs, p } = checkPoints(domain, spec.d, undefined);
  try {
    checkPointFunctions(who, spec, x, p, 1);
    const more = derived(who, spec.hamiltonian, x, p, 0);
    return Object.freeze({ kind: "ergodic" as const, spec, d: spec.d, domain, meanFieldNames: Object.keys(spec.meanField ?? {}), ...more });
  } finally {
    tf.dispose([x, xs, p]);
  }
}

/** ∫ m₀ over the domain by the midpoint rule (≤ 2^18 nodes); must be 1 ± 1e-3, m₀ ≥ 0. */
function checkInitial(who: string, spec: FiniteHorizonSpec, domain: Domain): void {
  const n = Math.max(8, Math.min(4096, Math.floor(Math.pow(2 ** 18, 1 / spec.d))));
  const g = boxGrid(domain.lo, domain.hi, n);
  const v = tf.tidy(() => {
    const pts = tf.tensor2d(Float32Array.from(g.points), [g.count, spec.d]);
    return checkTensor(who, "initial", call(who, "initial", () => spec.initial(pts)), [g.count, 1]).dataSync();
  });
  for (let i = 0; i < v.length; i++) if ((v[i] as number) < 0) throw new Error(`${who}: initial must be a density (>= 0), got ${v[i]} at node ${i}`);
  const mass = integrate(g, v);
  if (Math.abs(mass - 1) > 1e-3) throw new Error(`${who}: initial must integrate to 1 (± 1e-3) over the domain, got ${mass.toPrecision(6)}`);
}

/** A finite-horizon MFG on [0,T] × box (or torus), validated before any training. */
export function finiteHorizon(spec: FiniteHorizonSpec): FiniteHorizonProblem {
  const who = "mfg.finiteHorizon";
  checkCommon(who, spec);
  if (typeof spec.horizon !== "number" || !Number.isFinite(spec.horizon) || spec.horizon <= 0) throw new Error(`${who}: horizon must be a finite number > 0, got ${String(spec.horizon)}`);
  checkFunction(who, "terminal", spec.terminal);
  checkFunction(who, "initial", spec.initial);
  const domain = domainOf(spec.domain, spec.d, who);
  const { x, xs, p } = checkPoints(domain, spec.d, spec.horizon);
  try {
    checkPointFunctions(who, spec, x, p, volume(domain));
    tf.tidy(() => void checkTensor(who, "terminal", call(who, "terminal", () => spec.terminal(xs)), [xs.shape[0], 1]));
    checkInitial(who, spec, domain);
    const more = derived(who, spec.hamiltonian, x, p, 1);
    return Object.freeze({
      kind: "finite-horizon" as const, spec, d: spec.d, domain, horizon: spec.horizon,
      meanFieldNames: Object.keys(spec.meanField ?? {}), ...more,
    });
  } finally {
    tf.dispose([x, xs, p]);
  }
}
