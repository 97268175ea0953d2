import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random";

/**
 * Samplers return float32 tf.Tensor2D of shape [n, d], owned by the caller. The numbers come from
 * the plain-TS seeded Rng, so a seed reproduces the same samples on every backend.
 */

export interface GaussianMixture {
  /** mixture weights, non-negative, normalised internally */
  readonly weights: readonly number[];
  /** one mean vector per component (all the same length d) */
  readonly means: readonly (readonly number[])[];
  /** per component: one std for every coordinate, or one per coordinate */
  readonly stds: readonly (number | readonly number[])[];
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** the largest float32 strictly below x (x a positive or negative finite float32) */
function float32Below(x: number): number {
  f32[0] = x;
  if (x === 0) return -1.4e-45;
  u32[0] = x > 0 ? (u32[0] as number) - 1 : (u32[0] as number) + 1;
  return f32[0] as number;
}

/** keeps half-open supports half-open after rounding to float32 */
function roundBelow(v: number, hi: number): number {
  const x = Math.fround(v);
  return x >= hi ? float32Below(Math.fround(hi)) : x;
}

function checkN(n: number, who: string): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${who}: n must be a positive integer, got ${n}`);
}

function checkBox(lo: readonly number[], hi: readonly number[], who: string): void {
  if (lo.length === 0 || lo.length !== hi.length) {
    throw new Error(`${who}: lo and hi must be non-empty and of equal length (got ${lo.length}, ${hi.length})`);
  }
  lo.forEach((l, i) => {
    const h = hi[i] as number;
    if (!Number.isFinite(l) || !Number.isFinite(h) || !(l < h)) {
      throw new Error(`${who}: need finite lo[${i}] < hi[${i}], got ${l}, ${h}`);
    }
  });
}

function fillBox(r: Rng, out: Float32Array, n: number, cols: number, first: number,
  lo: readonly number[], hi: readonly number[]): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < lo.length; j++) {
      const a = lo[j] as number, b = hi[j] as number;
      out[i * cols + first + j] = roundBelow(a + (b - a) * r.uniform(), b);
    }
  }
}

/** uniform on the box [lo, hi) (one entry of lo/hi per coordinate) */
export function uniformBox(r: Rng, n: number, lo: readonly number[], hi: readonly number[]): tf.Tensor2D {
  checkN(n, "uniformBox");
  checkBox(lo, hi, "uniformBox");
  const d = lo.length;
  const out = new Float32Array(n * d);
  fillBox(r, out, n, d, 0, lo, hi);
  return tf.tensor2d(out, [n, d]);
}

/** uniform on the torus [0,1)^d */
export function uniformTorus(r: Rng, n: number, d: number): tf.Tensor2D {
  if (!Number.isInteger(d) || d <= 0) throw new Error(`uniformTorus: d must be a positive integer, got ${d}`);
  return uniformBox(r, n, new Array<number>(d).fill(0), new Array<number>(d).fill(1));
}

/** uniform on [0, T] x box: column 0 is time, columns 1..d are space */
export function uniformTimeBox(r: Rng, n: number, T: number, lo: readonly number[], hi: readonly number[]): tf.Tensor2D {
  checkN(n, "uniformTimeBox");
  if (!(T > 0) || !Number.isFinite(T)) throw new Error(`uniformTimeBox: T must be finite and > 0, got ${T}`);
  checkBox(lo, hi, "uniformTimeBox");
  const cols = lo.length + 1;
  const out = new Float32Array(n * cols);
  for (let i = 0; i < n; i++) out[i * cols] = Math.min(Math.fround(T * r.uniform()), Math.fround(T));
  fillBox(r, out, n, cols, 1, lo, hi);
  return tf.tensor2d(out, [n, cols]);
}

/**
 * Points of [a, b] with density proportional to (x − a)^(1/power − 1): x = a + (b − a) U^power.
 * power = 1 is uniform; power > 1 concentrates samples near a (e.g. near a boundary condition).
 */
export function powerInterval(r: Rng, n: number, a: number, b: number, power = 1): tf.Tensor2D {
  checkN(n, "powerInterval");
  checkBox([a], [b], "powerInterval");
  if (!(power > 0) || !Number.isFinite(power)) throw new Error(`powerInterval: power must be finite and > 0, got ${power}`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = roundBelow(a + (b - a) * Math.pow(r.uniform(), power), b);
  return tf.tensor2d(out, [n, 1]);
}

function stdVector(std: number | readonly number[], d: number, who: string): readonly number[] {
  const v = typeof std === "number" ? new Array<number>(d).fill(std) : std;
  if (v.length !== d) throw new Error(`${who}: std has length ${v.length}, mean has length ${d}`);
  v.forEach((s, j) => {
    if (!(s >= 0) || !Number.isFinite(s)) throw new Error(`${who}: std[${j}] must be finite and >= 0, got ${s}`);
  });
  return v;
}

/** N(mean, diag(std²)) in dimension d = mean.length */
export function gaussian(r: Rng, n: number, mean: readonly number[], std: number | readonly number[] = 1): tf.Tensor2D {
  return gaussianMixture(r, n, { weights: [1], means: [mean], stds: [std] });
}

/** a Gaussian mixture with diagonal covariances; the component of each row is drawn by weight */
export function gaussianMixture(r: Rng, n: number, mix: GaussianMixture): tf.Tensor2D {
  const who = "gaussianMixture";
  checkN(n, who);
  const k = mix.weights.length;
  if (k === 0 || mix.means.length !== k || mix.stds.length !== k) {
    throw new Error(`${who}: weights, means, stds must have the same non-zero length (got ${k}, ${mix.means.length}, ${mix.stds.length})`);
  }
  const d = (mix.means[0] as readonly number[]).length;
  if (d === 0) throw new Error(`${who}: means[0] is empty`);
  mix.means.forEach((m, c) => {
    if (m.length !== d) throw new Error(`${who}: means[${c}] has length ${m.length}, expected ${d}`);
  });
  const stds = mix.stds.map((s, c) => stdVector(s, d, `${who} component ${c}`));
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = r.categorical(mix.weights);
    const m = mix.means[c] as readonly number[], s = stds[c] as readonly number[];
    for (let j = 0; j < d; j++) out[i * d + j] = (m[j] as number) + (s[j] as number) * r.normal();
  }
  return tf.tensor2d(out, [n, d]);
}

/** n evenly spaced points from a to b inclusive, as an [n, 1] column (evaluation grids) */
export function linspaceColumn(a: number, b: number, n: number): tf.Tensor2D {
  checkN(n, "linspaceColumn");
  return tf.tensor2d(Float32Array.from(linspace(a, b, n)), [n, 1]);
}

/** n evenly spaced numbers from a to b inclusive (float64) */
export function linspace(a: number, b: number, n: number): Float64Array {
  checkN(n, "linspace");
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? a : a + ((b - a) * i) / (n - 1);
  return out;
}
