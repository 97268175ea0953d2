import * as tf from "@tensorflow/tfjs";
import { constMatMul, matMul } from "./mat-mul";
import { transpose2d } from "./transpose";
import type { ForwardOps, ScalarJet } from "./types";

/**
 * The jet of a layer's k features at n points: values v [n,k], space derivatives s [d,n,k] (all d
 * directions in one tensor, so a linear layer is one matMul [d·n,k]@[k,k']), the time derivative
 * t [n,k] when t is an input, and the space Laplacian l [n,k]. The parts are separate tensors, not
 * one stacked matrix: on the wasm backend every slice/split reads its whole source (measured
 * 0.3-0.5 ms per split of a [12·512, 32] stack), which costs more than three extra small matMuls.
 */
export interface Jet {
  readonly v: tf.Tensor2D;
  readonly s: tf.Tensor3D;
  readonly t?: tf.Tensor2D;
  readonly l: tf.Tensor2D;
  /** space Hessian [d,d,n,k] when asked for; null: asked for and identically zero (raw inputs) */
  readonly h?: tf.Tensor4D | null;
}

export interface JetLayout {
  readonly n: number;
  readonly d: number;
  readonly time: boolean;
  /** propagate the full space Hessian too */
  readonly hessian: boolean;
}

export function jetLayout(n: number, d: number, time: boolean, hessian = false): JetLayout {
  return { n, d, time, hessian };
}

const TWO_PI = 2 * Math.PI;

/** Splits raw inputs into the time column [n,1] (if any) and the space columns [n,d]. */
export function splitInput(x: tf.Tensor2D, time: boolean): { t?: tf.Tensor2D; xs: tf.Tensor2D } {
  if (!time) return { xs: x };
  const [t, xs] = tf.split(x, [1, x.shape[1] - 1], 1) as [tf.Tensor2D, tf.Tensor2D];
  return { t, xs };
}

/** Feature map of the raw input: identity, or [t?, sin 2πx, cos 2πx] when periodic. */
export function features(x: tf.Tensor2D, time: boolean, periodic: boolean, ops?: Pick<ForwardOps, "sin" | "cos">): tf.Tensor2D {
  if (!periodic) return x;
  const { t, xs } = splitInput(x, time);
  const a = tf.mul<tf.Tensor2D>(xs, TWO_PI);
  const parts = ops === undefined ? [tf.sin(a), tf.cos(a)] : [ops.sin(a), ops.cos(a)];
  return tf.concat(t === undefined ? parts : [t, ...parts], 1) as tf.Tensor2D;
}

export function featureDim(d: number, time: boolean, periodic: boolean): number {
  return (time ? 1 : 0) + (periodic ? 2 * d : d);
}

/**
 * The input features' jet, a constant: its transposes are made once and shared by every weight
 * matrix that multiplies it (the reverse pass needs xᵀ dZ); lap is absent when it is zero.
 */
export interface InputJet {
  readonly v: tf.Tensor2D;
  readonly s: tf.Tensor2D;
  readonly t?: tf.Tensor2D;
  readonly l?: tf.Tensor2D;
  readonly vT: tf.Tensor2D;
  readonly sT: tf.Tensor2D;
  readonly tT?: tf.Tensor2D;
  readonly lT?: tf.Tensor2D;
  /** the Hessian [d·d·n, f] and its transpose; absent when zero */
  readonly h?: tf.Tensor2D;
  readonly hT?: tf.Tensor2D;
  /** whether the layers propagate a Hessian */
  readonly hessian: boolean;
  readonly d: number;
  readonly n: number;
}

function withTransposes(v: tf.Tensor2D, s: tf.Tensor3D, t: tf.Tensor2D | undefined, l: tf.Tensor2D | undefined, hessian: boolean, h?: tf.Tensor4D): InputJet {
  const [d, n, f] = s.shape;
  const s2 = s.reshape([d * n, f]) as tf.Tensor2D;
  const base = { v, s: s2, vT: transpose2d(v), sT: transpose2d(s2), d, n, hessian };
  const withT = t === undefined ? base : { ...base, t, tT: transpose2d(t) };
  const withL = l === undefined ? withT : { ...withT, l, lT: transpose2d(l) };
  if (h === undefined) return withL;
  const h2 = h.reshape([d * d * n, f]) as tf.Tensor2D;
  return { ...withL, h: h2, hT: transpose2d(h2) };
}

/** A constant [rows, f] with the given (row, column, value) entries. */
function sparse(rows: number, f: number, entries: readonly (readonly [number, number, number])[]): tf.Tensor2D {
  const v = new Float32Array(rows * f);
  for (const [r, c, x] of entries) v[r * f + c] = x;
  return tf.tensor2d(v, [rows, f]);
}

/**
 * The exact jet of the input features φ(x); it involves no weight. Raw inputs: ∂_i x = e_i,
 * Δx = 0. Periodic features [t?, sin 2πx, cos 2πx]: ∂_j sin 2πx_j = 2π cos 2πx_j,
 * ∂_j cos 2πx_j = −2π sin 2πx_j, Δ(sin, cos) = −4π² (sin, cos). t passes through: ∂_t t = 1.
 * Hessian: zero for raw inputs; periodic features have only ∂_j∂_j of coordinate j's own pair.
 */
export function inputJet(x: tf.Tensor2D, lay: JetLayout, periodic: boolean): InputJet {
  const { n, d, time, hessian } = lay;
  const tc = time ? 1 : 0;
  const f = featureDim(d, time, periodic);
  const ones = tf.ones([n, 1]);
  const t = time ? (tf.mul(ones, sparse(1, f, [[0, 0, 1]])) as tf.Tensor2D) : undefined;
  const dirs = Array.from({ length: d }, (_, j) => j);
  if (!periodic) {
    const s = tf.mul(sparse(d, f, dirs.map((j) => [j, tc + j, 1])).reshape([d, 1, f]), ones.reshape([1, n, 1]));
    return withTransposes(x, s as tf.Tensor3D, t, undefined, hessian);
  }
  const v = features(x, time, true);
  const { xs } = splitInput(x, time);
  const a = tf.mul(xs, TWO_PI);
  const sinT = tf.transpose(tf.sin(a)).reshape([d, n, 1]);
  const cosT = tf.transpose(tf.cos(a)).reshape([d, n, 1]);
  const sinCol = sparse(d, f, dirs.map((j) => [j, tc + j, TWO_PI])).reshape([d, 1, f]);
  const cosCol = sparse(d, f, dirs.map((j) => [j, tc + d + j, -TWO_PI])).reshape([d, 1, f]);
  const s = tf.add(tf.mul(cosT, sinCol), tf.mul(sinT, cosCol)) as tf.Tensor3D;
  const lapMask = sparse(1, f, Array.from({ length: 2 * d }, (_, c) => [0, tc + c, -TWO_PI * TWO_PI] as const));
  const lap = tf.mul(v, lapMask) as tf.Tensor2D;
  if (!hessian) return withTransposes(v, s, t, lap, false);
  const diag: [number, number, number][] = dirs.flatMap((j): [number, number, number][] => [[j * d + j, tc + j, 1], [j * d + j, tc + d + j, 1]]);
  const h = tf.mul(sparse(d * d, f, diag).reshape([d, d, 1, f]), lap.reshape([1, 1, n, f])) as tf.Tensor4D;
  return withTransposes(v, s, t, lap, true, h);
}

/** φ(x) W with φ's exact jet, differentiated w.r.t. W only. */
export function inputLinear(x: InputJet, w: tf.Tensor2D): Jet {
  const k = w.shape[1];
  const out = {
    v: constMatMul(x.v, x.vT, w),
    s: constMatMul(x.s, x.sT, w).reshape([x.d, x.n, k]) as tf.Tensor3D,
    l: x.l === undefined || x.lT === undefined ? (tf.zeros([x.n, k]) as tf.Tensor2D) : constMatMul(x.l, x.lT, w),
  };
  const withT = x.t === undefined || x.tT === undefined ? out : { ...out, t: constMatMul(x.t, x.tT, w) };
  if (!x.hessian) return withT;
  const h = x.h === undefined || x.hT === undefined ? null : (constMatMul(x.h, x.hT, w).reshape([x.d, x.d, x.n, k]) as tf.Tensor4D);
  return { ...withT, h };
}

function mapJet(j: Jet, f2: (a: tf.Tensor2D) => tf.Tensor2D, f3: (a: tf.Tensor3D) => tf.Tensor3D, f4: (a: tf.Tensor4D) => tf.Tensor4D): Jet {
  const out = { v: f2(j.v), s: f3(j.s), l: f2(j.l) };
  const withT = j.t === undefined ? out : { ...out, t: f2(j.t) };
  return j.h === undefined ? withT : { ...withT, h: j.h === null ? null : f4(j.h) };
}

/** z W: derivative and Laplacian parts are linear in z; the bias enters with the activation. */
export function linearJet(j: Jet, w: tf.Tensor2D): Jet {
  const k2 = w.shape[1];
  return mapJet(
    j,
    (a) => matMul(a, w),
    (a) => {
      const [d, n, k] = a.shape;
      return matMul(a.reshape([d * n, k]), w).reshape([d, n, k2]);
    },
    (a) => {
      const [d, d2, n, k] = a.shape;
      return matMul(a.reshape([d * d2 * n, k]), w).reshape([d, d2, n, k2]);
    },
  );
}

/** a ± b for Hessians that may be untracked (undefined) or zero (null). */
function combineH(a: Jet["h"], b: Jet["h"], sign: 1 | -1): Jet["h"] {
  if (a === undefined || b === undefined) return undefined;
  if (b === null) return a;
  if (a === null) return sign === 1 ? b : tf.neg(b);
  return sign === 1 ? tf.add(a, b) : tf.sub(a, b);
}

export function addJets(a: Jet, b: Jet): Jet {
  const out = { v: tf.add(a.v, b.v), s: tf.add(a.s, b.s), l: tf.add(a.l, b.l) } as Jet;
  const withT = a.t === undefined || b.t === undefined ? out : { ...out, t: tf.add(a.t, b.t) as tf.Tensor2D };
  const h = combineH(a.h, b.h, 1);
  return h === undefined ? withT : { ...withT, h };
}

export function subJets(a: Jet, b: Jet): Jet {
  const out = { v: tf.sub(a.v, b.v), s: tf.sub(a.s, b.s), l: tf.sub(a.l, b.l) } as Jet;
  const withT = a.t === undefined || b.t === undefined ? out : { ...out, t: tf.sub(a.t, b.t) as tf.Tensor2D };
  const h = combineH(a.h, b.h, -1);
  return h === undefined ? withT : { ...withT, h };
}

export { activateJet, productJet } from "./fused";

/** The scalar output's jet from the last linear layer (k = 1). */
export function readOut(z: Jet, bias: tf.Tensor1D): ScalarJet {
  const [d, n] = z.s.shape;
  const u = tf.add(z.v, bias) as tf.Tensor2D;
  const grad = tf.transpose(z.s.reshape([d, n]) as tf.Tensor2D);
  const out = z.t === undefined ? { u, grad, lap: z.l } : { u, grad, lap: z.l, dt: z.t };
  if (z.h === undefined) return out;
  const hess = z.h === null ? (tf.zeros([n, d, d]) as tf.Tensor3D) : (tf.transpose(z.h.reshape([d, d, n]), [2, 0, 1]) as tf.Tensor3D);
  return { ...out, hess };
}
