import * as tf from "@tensorflow/tfjs";
import { constMatMul, matMul } from "./linear";
import { transpose2d } from "./tfjs-internals";
import type { FeatureJet } from "./feature";

/*
 * The input-map rules: the exact jet of the features φ(x) a net's first layer multiplies. Raw
 * column c (time first when timeInput) may be mapped affinely, y_c = a_c x_c + b_c; then either
 * φ = y, or the periodic map φ = [y_t?, sin 2πy, cos 2πy] on the space columns. Derivatives are
 * with respect to the raw x: ∂_j y_j = a_j; ∂_j sin 2πy_j = 2πa_j cos 2πy_j,
 * ∂_j cos 2πy_j = −2πa_j sin 2πy_j, Δ = ∂_j∂_j (sin, cos) = −4π²a_j² (sin, cos); raw and affine
 * features have zero Laplacian and Hessian.
 */

export interface InputMap {
  readonly time: boolean;
  readonly periodic: boolean;
  /** per raw column: y = scale ∘ x + shift (identity when absent) */
  readonly scale?: readonly number[];
  readonly shift?: readonly number[];
}

export interface JetLayout {
  readonly n: number;
  readonly d: number;
  readonly time: boolean;
  /** propagate the full space Hessian too */
  readonly hessian: boolean;
  /** differentiable w.r.t. x (otherwise x is a constant and only weights get gradients) */
  readonly inputGrad: boolean;
}

const TWO_PI = 2 * Math.PI;

/** Splits raw inputs into the time column [n,1] (if any) and the space columns [n,d]. */
export function splitInput(x: tf.Tensor2D, time: boolean): { t?: tf.Tensor2D; xs: tf.Tensor2D } {
  if (!time) return { xs: x };
  const [t, xs] = tf.split(x, [1, x.shape[1] - 1], 1) as [tf.Tensor2D, tf.Tensor2D];
  return { t, xs };
}

function affine(x: tf.Tensor2D, m: InputMap): tf.Tensor2D {
  const scaled = m.scale === undefined ? x : (tf.mul(x, tf.tensor1d([...m.scale])) as tf.Tensor2D);
  return m.shift === undefined ? scaled : (tf.add(scaled, tf.tensor1d([...m.shift])) as tf.Tensor2D);
}

/** Feature map of the raw input, value only. */
export function features(x: tf.Tensor2D, m: InputMap, ops?: { sin(x: tf.Tensor): tf.Tensor; cos(x: tf.Tensor): tf.Tensor }): tf.Tensor2D {
  const y = affine(x, m);
  if (!m.periodic) return y;
  const { t, xs } = splitInput(y, m.time);
  const a = tf.mul<tf.Tensor2D>(xs, TWO_PI);
  const parts = ops === undefined ? [tf.sin(a), tf.cos(a)] : [ops.sin(a), ops.cos(a)];
  return tf.concat(t === undefined ? parts : [t, ...parts], 1) as tf.Tensor2D;
}

export function featureDim(d: number, time: boolean, periodic: boolean): number {
  return (time ? 1 : 0) + (periodic ? 2 * d : d);
}

/**
 * The input features' jet, flattened to matrices [·, f]. On the constant path (no input
 * gradient) its transposes are made once and shared by every weight matrix that multiplies it
 * (the reverse pass needs xᵀ dZ); lap and h are absent when zero.
 */
export interface InputJet {
  readonly v: tf.Tensor2D;
  readonly s: tf.Tensor2D;
  readonly t?: tf.Tensor2D;
  readonly l?: tf.Tensor2D;
  /** the Hessian [d·d·n, f] */
  readonly h?: tf.Tensor2D;
  /** transposes of the parts above, on the constant path only */
  readonly T?: { readonly v: tf.Tensor2D; readonly s: tf.Tensor2D; readonly t?: tf.Tensor2D; readonly l?: tf.Tensor2D; readonly h?: tf.Tensor2D };
  readonly hessian: boolean;
  readonly d: number;
  readonly n: number;
}

interface RawParts {
  v: tf.Tensor2D;
  s: tf.Tensor3D;
  t?: tf.Tensor2D;
  l?: tf.Tensor2D;
  h?: tf.Tensor4D;
}

function finish(p: RawParts, lay: JetLayout): InputJet {
  const [d, n, f] = p.s.shape;
  const flat: { v: tf.Tensor2D; s: tf.Tensor2D; t?: tf.Tensor2D; l?: tf.Tensor2D; h?: tf.Tensor2D } = { v: p.v, s: p.s.reshape([d * n, f]) };
  if (p.t !== undefined) flat.t = p.t;
  if (p.l !== undefined) flat.l = p.l;
  if (p.h !== undefined) flat.h = p.h.reshape([d * d * n, f]);
  const base = { ...flat, hessian: lay.hessian, d, n };
  if (lay.inputGrad) return base;
  const T: { v: tf.Tensor2D; s: tf.Tensor2D; t?: tf.Tensor2D; l?: tf.Tensor2D; h?: tf.Tensor2D } = { v: transpose2d(flat.v), s: transpose2d(flat.s) };
  if (flat.t !== undefined) T.t = transpose2d(flat.t);
  if (flat.l !== undefined) T.l = transpose2d(flat.l);
  if (flat.h !== undefined) T.h = transpose2d(flat.h);
  return { ...base, T };
}

/** A constant [rows, f] with the given (row, column, value) entries. */
function sparse(rows: number, f: number, entries: readonly (readonly [number, number, number])[]): tf.Tensor2D {
  const v = new Float32Array(rows * f);
  for (const [r, c, x] of entries) v[r * f + c] = x;
  return tf.tensor2d(v, [rows, f]);
}

/** The exact jet of the input features φ(x) (see the header); it involves no weight. */
export function inputJet(x: tf.Tensor2D, lay: JetLayout, m: InputMap): InputJet {
  const { n, d, time, hessian } = lay;
  const tc = time ? 1 : 0;
  const f = featureDim(d, time, m.periodic);
  const sc = (c: number): number => m.scale?.[c] ?? 1;
  const ones = tf.ones([n, 1]);
  const t = time ? (tf.mul(ones, sparse(1, f, [[0, 0, sc(0)]])) as tf.Tensor2D) : undefined;
  const dirs = Array.from({ length: d }, (_, j) => j);
  if (!m.periodic) {
    const s = tf.mul(sparse(d, f, dirs.map((j) => [j, tc + j, sc(tc + j)])).reshape([d, 1, f]), ones.reshape([1, n, 1])) as tf.Tensor3D;
    return finish(t === undefined ? { v: affine(x, m), s } : { v: affine(x, m), s, t }, lay);
  }
  const v = features(x, m);
  const { xs } = splitInput(affine(x, m), time);
  const a = tf.mul(xs, TWO_PI);
  const sinT = tf.transpose(tf.sin(a)).reshape([d, n, 1]);
  const cosT = tf.transpose(tf.cos(a)).reshape([d, n, 1]);
  const sinCol = sparse(d, f, dirs.map((j) => [j, tc + j, TWO_PI * sc(tc + j)])).reshape([d, 1, f]);
  const cosCol = sparse(d, f, dirs.map((j) => [j, tc + d + j, -TWO_PI * sc(tc + j)])).reshape([d, 1, f]);
  const s = tf.add(tf.mul(cosT, sinCol), tf.mul(sinT, cosCol)) as tf.Tensor3D;
  const lapCoef = (c: number): number => -TWO_PI * TWO_PI * sc(tc + (c % d)) ** 2;
  const lapMask = sparse(1, f, Array.from({ length: 2 * d }, (_, c) => [0, tc + c, lapCoef(c)] as const));
  const l = tf.mul(v, lapMask) as tf.Tensor2D;
  const base: RawParts = t === undefined ? { v, s, l } : { v, s, l, t };
  if (!hessian) return finish(base, lay);
  // only ∂_j∂_j of coordinate j's own (sin, cos) pair is nonzero, and it equals that column's Δ
  const diag = dirs.flatMap((j): [number, number, number][] => [[j * d + j, tc + j, 1], [j * d + j, tc + d + j, 1]]);
  const h = tf.mul(sparse(d * d, f, diag).reshape([d, d, 1, f]), l.reshape([1, 1, n, f])) as tf.Tensor4D;
  return finish({ ...base, h }, lay);
}

/** φ(x) W with φ's exact jet: w.r.t. W only on the constant path, w.r.t. W and x otherwise. */
export function inputLinear(x: InputJet, w: tf.Tensor2D): FeatureJet {
  const k = w.shape[1];
  const T = x.T;
  const mm = (a: tf.Tensor2D, aT: tf.Tensor2D | undefined): tf.Tensor2D => (T === undefined || aT === undefined ? matMul(a, w) : constMatMul(a, aT, w));
  const out = {
    v: mm(x.v, T?.v),
    s: mm(x.s, T?.s).reshape([x.d, x.n, k]) as tf.Tensor3D,
    l: x.l === undefined ? (tf.zeros([x.n, k]) as tf.Tensor2D) : mm(x.l, T?.l),
  };
  const withT = x.t === undefined ? out : { ...out, t: mm(x.t, T?.t) };
  if (!x.hessian) return withT;
  const h = x.h === undefined ? null : (mm(x.h, T?.h).reshape([x.d, x.d, x.n, k]) as tf.Tensor4D);
  return { ...withT, h };
}
