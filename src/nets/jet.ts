import * as tf from "@tensorflow/tfjs";
import type { Activation, ForwardOps, ScalarJet } from "./types";
import { activationDerivs } from "./activations";
import { matMul } from "./mat-mul";

/**
 * A jet "stack" is one tensor [B, n, k]: block 0 holds values, blocks 1..d the space derivatives,
 * block d+1 the time derivative (when t is an input), block B-1 the space Laplacian. Keeping them in
 * one tensor turns every linear layer into a single plain matMul [(B·n), k] @ [k, k'].
 */
export interface JetLayout {
  readonly n: number;
  readonly d: number;
  readonly time: boolean;
  readonly blocks: number;
}

export function jetLayout(n: number, d: number, time: boolean): JetLayout {
  return { n, d, time, blocks: d + 2 + (time ? 1 : 0) };
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
  const a = tf.mul(xs, TWO_PI);
  const parts = ops === undefined ? [tf.sin(a), tf.cos(a)] : [ops.sin(a), ops.cos(a)];
  return tf.concat(t === undefined ? parts : [t, ...parts], 1) as tf.Tensor2D;
}

export function featureDim(d: number, time: boolean, periodic: boolean): number {
  return (time ? 1 : 0) + (periodic ? 2 * d : d);
}

/** Rows e_c for each column c, as a constant [cols.length, f]. */
function unitRows(cols: readonly number[], f: number): tf.Tensor2D {
  const v = new Float32Array(cols.length * f);
  cols.forEach((c, i) => (v[i * f + c] = 1));
  return tf.tensor2d(v, [cols.length, f]);
}

/**
 * The jet of the input features φ(x) as one stack [B, n, f]. It does not depend on any weight, so
 * the first layer's jet is then a single plain matMul like every other layer. Raw inputs: ∂_i x =
 * e_i, Δx = 0. Periodic features [t?, sin 2πx, cos 2πx]: ∂_j sin 2πx_j = 2π cos 2πx_j,
 * ∂_j cos 2πx_j = −2π sin 2πx_j, Δ = −4π² (sin, cos); t passes through (∂_t t = 1, Δt = 0).
 */
export function inputStack(x: tf.Tensor2D, lay: JetLayout, periodic: boolean): tf.Tensor3D {
  const { n, d, time } = lay;
  const { t, xs } = splitInput(x, time);
  const tcols = time ? 1 : 0;
  const f = tcols + (periodic ? 2 * d : d);
  const ones = tf.ones([1, n, 1]);
  // ∂_t block: e_0 (the t column) at every point
  const dtBlock = time ? [tf.mul(unitRows([0], f).reshape([1, 1, f]), ones)] : [];
  if (!periodic) {
    const eye = unitRows(Array.from({ length: d }, (_, i) => tcols + i), f).reshape([d, 1, f]);
    const parts = [x.reshape([1, n, f]), tf.mul(eye, ones), ...dtBlock, tf.zeros([1, n, f])];
    return tf.concat(parts, 0) as tf.Tensor3D;
  }
  const a = tf.mul<tf.Tensor2D>(xs, TWO_PI);
  const sin = tf.sin(a);
  const cos = tf.cos(a);
  const value = tf.concat(t === undefined ? [sin, cos] : [t, sin, cos], 1).reshape([1, n, f]);
  // space block j: 2π cos 2πx_j in column tcols+j, −2π sin 2πx_j in column tcols+d+j
  const eyeD = tf.eye(d).reshape([d, 1, d]);
  const cosT = tf.transpose(cos).reshape([d, n, 1]);
  const sinT = tf.transpose(sin).reshape([d, n, 1]);
  const spaceParts = [tf.mul(tf.mul(eyeD, cosT), TWO_PI), tf.mul(tf.mul(eyeD, sinT), -TWO_PI)];
  if (time) spaceParts.unshift(tf.zeros([d, n, 1]));
  const space = tf.concat(spaceParts, 2);
  const lapTrig = tf.mul(tf.concat([sin, cos], 1), -TWO_PI * TWO_PI).reshape([1, n, 2 * d]);
  const lap = time ? tf.concat([tf.zeros([1, n, 1]), lapTrig], 2) : lapTrig;
  return tf.concat([value, space, ...dtBlock, lap], 0) as tf.Tensor3D;
}

/** z W for every block at once: derivative and Laplacian rows are linear in z, bias comes later. */
export function linearJet(s: tf.Tensor3D, w: tf.Tensor2D): tf.Tensor3D {
  const [b, n, k] = s.shape;
  return matMul(s.reshape([b * n, k]), w).reshape([b, n, w.shape[1]]);
}

/** v = σ(z + bias): ∂v = σ' ∂z, Δv = σ'' Σ_i (∂_i z)² + σ' Δz (space directions only). */
export function activateJet(z: tf.Tensor3D, bias: tf.Tensor1D, act: Activation, lay: JetLayout): tf.Tensor3D {
  const { blocks, d } = lay;
  const [zv, mid, zl] = tf.split(z, [1, blocks - 2, 1], 0) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const { s, d1, d2 } = activationDerivs(act, tf.add(zv, bias));
  const space = lay.time ? tf.slice(mid, [0, 0, 0], [d, -1, -1]) : mid;
  const q = tf.sum(tf.square(space), 0, true);
  const lap = tf.add(tf.mul(d2, q), tf.mul(d1, zl));
  return tf.concat([s, tf.mul(mid, d1), lap], 0) as tf.Tensor3D;
}

/** Hadamard product of two jets: Δ(ab) = aΔb + bΔa + 2 Σ_i ∂_i a ∂_i b. */
export function productJet(a: tf.Tensor3D, b: tf.Tensor3D, lay: JetLayout): tf.Tensor3D {
  const { blocks, d } = lay;
  const [av, am, al] = tf.split(a, [1, blocks - 2, 1], 0) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const [bv, bm, bl] = tf.split(b, [1, blocks - 2, 1], 0) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const as = lay.time ? tf.slice(am, [0, 0, 0], [d, -1, -1]) : am;
  const bs = lay.time ? tf.slice(bm, [0, 0, 0], [d, -1, -1]) : bm;
  const cross = tf.mul(tf.sum(tf.mul(as, bs), 0, true), 2);
  const lap = tf.add(tf.add(tf.mul(av, bl), tf.mul(bv, al)), cross);
  const mid = tf.add(tf.mul(av, bm), tf.mul(bv, am));
  return tf.concat([tf.mul(av, bv), mid, lap], 0) as tf.Tensor3D;
}

/** The scalar output's jet from the last linear layer's stack [B, n, 1]. */
export function readOut(z: tf.Tensor3D, bias: tf.Tensor1D, lay: JetLayout): ScalarJet {
  const { n, d, blocks } = lay;
  const sizes = lay.time ? [1, d, 1, 1] : [1, d, 1];
  const parts = tf.split(z.reshape([blocks, n]), sizes, 0);
  const col = (p: tf.Tensor | undefined): tf.Tensor2D => (p as tf.Tensor).reshape([n, 1]);
  const u = tf.add(col(parts[0]), bias) as tf.Tensor2D;
  const grad = tf.transpose(parts[1] as tf.Tensor2D);
  const lap = col(parts[parts.length - 1]);
  if (!lay.time) return { u, grad, lap };
  return { u, grad, lap, dt: col(parts[2]) };
}
