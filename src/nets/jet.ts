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

/**
 * Jet of the pre-activation z = φ(x) W (no bias) with the exact jet of the input map φ: for raw
 * inputs the derivative rows are the rows of W and the Laplacian is zero; for the periodic map
 * ∂_j z = 2π (cos 2πx_j W_sin[j] − sin 2πx_j W_cos[j]) and Δz = −4π² (trig part of z).
 */
export function inputJet(x: tf.Tensor2D, w: tf.Tensor2D, lay: JetLayout, periodic: boolean): tf.Tensor3D {
  const { n, d, time } = lay;
  const k = w.shape[1];
  const { t, xs } = splitInput(x, time);
  const [wt, wsp] = time ? (tf.split(w, [1, w.shape[0] - 1], 0) as [tf.Tensor2D, tf.Tensor2D]) : [undefined, w];
  const timeVal = t !== undefined && wt !== undefined ? matMul(t, wt) : undefined;
  const dtBlock = wt !== undefined ? [tf.broadcastTo(wt.reshape([1, 1, k]), [1, n, k])] : [];
  let spaceVal: tf.Tensor2D;
  let space: tf.Tensor;
  let lap: tf.Tensor;
  if (!periodic) {
    spaceVal = matMul(xs, wsp);
    space = tf.broadcastTo(wsp.reshape([d, 1, k]), [d, n, k]);
    lap = tf.zeros([1, n, k]);
  } else {
    const a = tf.mul<tf.Tensor2D>(xs, TWO_PI);
    const sin = tf.sin(a);
    const cos = tf.cos(a);
    spaceVal = matMul(tf.concat<tf.Tensor2D>([sin, cos], 1), wsp);
    const [ws, wc] = tf.split(wsp, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    const cosT = tf.transpose(cos).reshape([d, n, 1]);
    const sinT = tf.transpose(sin).reshape([d, n, 1]);
    space = tf.mul(tf.sub(tf.mul(cosT, ws.reshape([d, 1, k])), tf.mul(sinT, wc.reshape([d, 1, k]))), TWO_PI);
    lap = tf.mul(spaceVal, -TWO_PI * TWO_PI).reshape([1, n, k]);
  }
  const value = (timeVal === undefined ? spaceVal : tf.add(spaceVal, timeVal)).reshape([1, n, k]);
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
