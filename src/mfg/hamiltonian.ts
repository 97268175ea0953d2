import * as tf from "@tensorflow/tfjs";
import { call, checkTensor, maxAbs, perturb, rowOf, scoped, unitRow, worst } from "./checks";
import type { Curvature, DivX, Hamiltonian } from "./types";

/** Step of the central differences: p ~ N(0,1) at validation, float32 arithmetic (error ~ h² + 1e-7/h). */
const H_STEP = 1e-2;
const FD_TOL = 1e-2;
const CONST_TOL = 2e-3;

/** Central differences of a vector function of p, [n, d(i), k]: entry (i, j) = ∂f_j/∂p_i. */
export function differencesInP(f: (p: tf.Tensor2D) => tf.Tensor2D, p: tf.Tensor2D, h = H_STEP): tf.Tensor3D {
  return tf.tidy(() => {
    const shifted = perturb(p, h);
    const cols: tf.Tensor2D[] = [];
    for (let i = 0; i < p.shape[1]; i++) {
      cols.push(tf.div(tf.sub(f(shifted[2 * i] as tf.Tensor2D), f(shifted[2 * i + 1] as tf.Tensor2D)), 2 * h) as tf.Tensor2D);
    }
    return tf.stack(cols, 1) as tf.Tensor3D;
  });
}

/** Refuses a dpH that disagrees with central differences of H, naming the worst component. */
export function checkDpH(who: string, ham: Hamiltonian, x: tf.Tensor2D, p: tf.Tensor2D): void {
  const [n, d] = p.shape;
  tf.tidy(() => {
    const exact = checkTensor(who, "hamiltonian.dpH", call(who, "hamiltonian.dpH", () => ham.dpH(x, p)), [n, d]);
    const fd = call(who, "hamiltonian.H", () => differencesInP((q) => ham.H(x, q) as tf.Tensor2D, p)).reshape([n, d]);
    const w = worst(exact.dataSync() as Float32Array, fd.dataSync() as Float32Array, d);
    const scale = 1 + maxAbs(exact.dataSync());
    if (w.err > FD_TOL * scale) {
      const a = (exact.dataSync()[w.row * d + w.col] as number).toPrecision(5);
      const b = (fd.dataSync()[w.row * d + w.col] as number).toPrecision(5);
      throw new Error(
        `${who}: hamiltonian.dpH disagrees with central differences of H; worst component ${w.col} (∂H/∂p_${w.col}): ` +
          `dpH = ${a}, finite difference = ${b} at x = [${rowOf(x, w.row).join(", ")}], p = [${rowOf(p, w.row).join(", ")}]`,
      );
    }
  });
}

/** D²ₚH at the points: from the spec's d2pH (checked), else central differences of dpH. */
function measuredD2(ham: Hamiltonian, x: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor3D {
  return differencesInP((q) => ham.dpH(x, q) as tf.Tensor2D, p);
}

function matrixOf(d: number, v: number | readonly (readonly number[])[]): number[][] {
  if (typeof v === "number") return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? v : 0)));
  return v.map((r) => [...r]);
}

/** How the FP term tr(D²ₚH ∇²u) will be assembled; a given d2pH is checked against dpH. */
export function measureCurvature(who: string, ham: Hamiltonian, x: tf.Tensor2D, p: tf.Tensor2D): Curvature {
  const [n, d] = p.shape;
  return scoped(() => {
    const fd = measuredD2(ham, x, p);
    const fdv = fd.dataSync() as Float32Array;
    const scale = 1 + maxAbs(fdv);
    const given = ham.d2pH;
    if (given !== undefined) {
      let spec: tf.Tensor;
      if (typeof given === "function") spec = checkTensor(who, "hamiltonian.d2pH", call(who, "hamiltonian.d2pH", () => given(x, p)), [n, d, d]);
      else {
        const m = matrixOf(d, given);
        if (m.length !== d || m.some((r) => r.length !== d || r.some((v) => !Number.isFinite(v)))) {
          throw new Error(`${who}: hamiltonian.d2pH must be a number, a finite ${d}×${d} matrix or a function, got ${JSON.stringify(given)}`);
        }
        spec = tf.tile(tf.tensor3d(m.flat(), [1, d, d]), [n, 1, 1]);
      }
      const w = worst(spec.dataSync() as Float32Array, fdv, d * d);
      if (w.err > FD_TOL * scale) {
        const i = Math.floor(w.col / d), j = w.col % d;
        throw new Error(`${who}: hamiltonian.d2pH disagrees with central differences of dpH; worst entry (${i}, ${j}) off by ${w.err.toPrecision(3)} at p = [${rowOf(p, w.row).join(", ")}]`);
      }
      if (typeof given === "function") return { kind: "function" };
      return typeof given === "number" ? { kind: "isotropic", kappa: given } : classify(matrixOf(d, given), CONST_TOL * scale) ?? { kind: "constant", matrix: matrixOf(d, given) };
    }
    const mean = Array.from(tf.mean(fd, 0).dataSync());
    const spread = maxAbs(tf.sub(fd, tf.mean(fd, 0, true)).dataSync());
    if (spread > CONST_TOL * scale) return { kind: "differences" };
    const mat = Array.from({ length: d }, (_, i) => mean.slice(i * d, (i + 1) * d));
    return classify(mat, CONST_TOL * scale) ?? { kind: "constant", matrix: mat };
  });
}

/** κI when the matrix is diagonal with equal entries (to tol). */
function classify(m: readonly (readonly number[])[], tol: number): Curvature | undefined {
  const d = m.length;
  const diag = m.map((r, i) => r[i] as number);
  const off = m.every((r, i) => r.every((v, j) => i === j || Math.abs(v) <= tol));
  const k = diag.reduce((a, b) => a + b, 0) / d;
  return off && diag.every((v) => Math.abs(v - k) <= tol) ? { kind: "isotropic", kappa: k } : undefined;
}

/** Whether ∂ₚH depends on the space coordinates (columns `first`..): tr(∂ₓ∂ₚH) is then needed. */
export function measureDivx(who: string, ham: Hamiltonian, x: tf.Tensor2D, p: tf.Tensor2D, first: number): DivX {
  if (ham.divxDpH !== undefined) {
    const n = p.shape[0];
    const f = ham.divxDpH;
    tf.tidy(() => void checkTensor(who, "hamiltonian.divxDpH", call(who, "hamiltonian.divxDpH", () => f(x, p)), [n, 1]));
    return "function";
  }
  return scoped(() => {
    const a = ham.dpH(x, p).dataSync();
    const space = tf.slice(x, [0, first], [-1, -1]);
    const moved = tf.concat([tf.slice(x, [0, 0], [-1, first]), tf.reverse(space, 0)], 1) as tf.Tensor2D;
    const b = ham.dpH(moved, p).dataSync();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    return diff <= 1e-6 * (1 + maxAbs(a)) ? "zero" : "differences";
  });
}

/** tr(∂ₓ∂ₚH)(x, p) by central differences of dpH in the space columns (first..first+d−1). */
export function divxByDifferences(ham: Hamiltonian, x: tf.Tensor2D, p: tf.Tensor2D, first: number, h = 1e-3): tf.Tensor2D {
  return tf.tidy(() => {
    const d = p.shape[1];
    const cols = x.shape[1];
    const terms: tf.Tensor2D[] = [];
    for (let i = 0; i < d; i++) {
      const e = unitRow(cols, first + i, h);
      const plus = tf.slice(ham.dpH(tf.add(x, e) as tf.Tensor2D, p), [0, i], [-1, 1]);
      const minus = tf.slice(ham.dpH(tf.sub(x, e) as tf.Tensor2D, p), [0, i], [-1, 1]);
      terms.push(tf.div(tf.sub(plus, minus), 2 * h) as tf.Tensor2D);
    }
    return tf.addN(terms) as tf.Tensor2D;
  });
}
