import * as tf from "@tensorflow/tfjs";
import type { ScalarJet } from "../nets/types";

/** A scalar field's jet in physical coordinates; hess [n,d,d] when asked for. */
export interface FieldJet extends ScalarJet {
  readonly hess?: tf.Tensor3D;
}

/**
 * Physical rows (t?, x) → net inputs (τ?, ξ): τ = (t − t0)/tScale, ξ = (x − center)/scale with ONE
 * scale for all space coordinates, so the net's Laplacian in ξ is the physical Laplacian times
 * scale⁻² (a per-coordinate scale would need the Hessian's diagonal). The identity map on the torus.
 */
export interface InputMap {
  readonly time: boolean;
  readonly t0: number;
  readonly tScale: number;
  readonly center: readonly number[];
  readonly scale: number;
}

export function identityMap(d: number, time = false): InputMap {
  return { time, t0: 0, tScale: 1, center: new Array<number>(d).fill(0), scale: 1 };
}

/** Maps [0,T] to [−1,1] and the box into [−1,1]^d (its longest side onto [−1,1]). */
export function boxMap(lo: readonly number[], hi: readonly number[], horizon?: number): InputMap {
  const half = Math.max(...lo.map((a, i) => ((hi[i] as number) - a) / 2));
  const center = lo.map((a, i) => (a + (hi[i] as number)) / 2);
  return horizon === undefined
    ? { time: false, t0: 0, tScale: 1, center, scale: half }
    : { time: true, t0: horizon / 2, tScale: horizon / 2, center, scale: half };
}

export function toNetInput(map: InputMap, x: tf.Tensor2D): tf.Tensor2D {
  if (map.scale === 1 && map.center.every((c) => c === 0) && (!map.time || (map.t0 === 0 && map.tScale === 1))) return x.clone();
  return tf.tidy(() => {
    const shift = [...(map.time ? [map.t0] : []), ...map.center];
    const scale = [...(map.time ? [map.tScale] : []), ...map.center.map(() => map.scale)];
    return tf.div(tf.sub(x, tf.tensor1d(shift)), tf.tensor1d(scale)) as tf.Tensor2D;
  });
}

/** Chain rule from net-input derivatives to physical ones (s multiplies the whole field). */
export function toPhysical(map: InputMap, j: FieldJet, s = 1): FieldJet {
  return tf.tidy(() => {
    const out: { u: tf.Tensor2D; grad: tf.Tensor2D; lap: tf.Tensor2D; dt?: tf.Tensor2D; hess?: tf.Tensor3D } = {
      u: tf.mul(j.u, s),
      grad: tf.mul(j.grad, s / map.scale),
      lap: tf.mul(j.lap, s / (map.scale * map.scale)),
    };
    if (j.dt !== undefined) out.dt = tf.mul(j.dt, s / map.tScale);
    if (j.hess !== undefined) out.hess = tf.mul(j.hess, s / (map.scale * map.scale));
    return out as unknown as tf.TensorContainer;
  }) as unknown as FieldJet;
}

/** a + b, part by part (offsets: both jets at the same points). */
export function addFieldJets(a: FieldJet, b: FieldJet): FieldJet {
  return tf.tidy(() => {
    const out: { u: tf.Tensor2D; grad: tf.Tensor2D; lap: tf.Tensor2D; dt?: tf.Tensor2D; hess?: tf.Tensor3D } = {
      u: tf.add(a.u, b.u),
      grad: tf.add(a.grad, b.grad),
      lap: tf.add(a.lap, b.lap),
    };
    if (a.dt !== undefined || b.dt !== undefined) out.dt = a.dt === undefined ? (b.dt as tf.Tensor2D).clone() : b.dt === undefined ? a.dt.clone() : tf.add(a.dt, b.dt);
    if (a.hess !== undefined && b.hess !== undefined) out.hess = tf.add(a.hess, b.hess);
    return out as unknown as tf.TensorContainer;
  }) as unknown as FieldJet;
}

export function disposeJet(j: FieldJet): void {
  tf.dispose([j.u, j.grad, j.lap, ...(j.dt ? [j.dt] : []), ...(j.hess ? [j.hess] : [])]);
}
