import * as tf from "@tensorflow/tfjs";
import type { FieldJet } from "./input-map";

/**
 * A positive density in log form, which is what the residuals need and what stays finite in the
 * tails: m, ln m, ∇ln m [n,d], Δm/m = Δln m + |∇ln m|² [n,1], ∂ₜ ln m when time is an input.
 * The FP residual divided by m is then assembled without dividing by a tiny m.
 */
export interface DensityJet {
  readonly m: tf.Tensor2D;
  readonly logm: tf.Tensor2D;
  readonly gradLog: tf.Tensor2D;
  readonly lapOverM: tf.Tensor2D;
  readonly dtLog?: tf.Tensor2D;
}

/**
 * The maximum-entropy density m = e^N / Z from N's (physical) jet and ln Z (a scalar, or one value
 * per row, with ∂ₜ ln Z per row when Z depends on time).
 */
export function maxEntropyJet(n: FieldJet, logZ: tf.Tensor, dtLogZ?: tf.Tensor): DensityJet {
  return tf.tidy(() => {
    const logm = tf.sub(n.u, logZ) as tf.Tensor2D;
    const lapOverM = tf.add(n.lap, tf.sum(tf.square(n.grad), 1, true)) as tf.Tensor2D;
    const out: { m: tf.Tensor2D; logm: tf.Tensor2D; gradLog: tf.Tensor2D; lapOverM: tf.Tensor2D; dtLog?: tf.Tensor2D } = {
      m: tf.exp(logm), logm, gradLog: n.grad.clone(), lapOverM,
    };
    if (n.dt !== undefined) out.dtLog = dtLogZ === undefined ? n.dt.clone() : (tf.sub(n.dt, dtLogZ) as tf.Tensor2D);
    return out as unknown as tf.TensorContainer;
  }) as unknown as DensityJet;
}

/** ln Z = ln(vol · mean_j e^{N(y_j)}) by Monte Carlo on uniform (or Latin) points, as a log-sum-exp. */
export function logZMonteCarlo(nAtSamples: tf.Tensor2D, volume = 1): tf.Scalar {
  return tf.tidy(() => tf.add(tf.logSumExp(nAtSamples), Math.log(volume / nAtSamples.shape[0])) as tf.Scalar);
}

/** ln Z = ln(w Σ_j e^{N(y_j)}) by a quadrature rule of equal weights w. */
export function logZQuadrature(nAtNodes: tf.Tensor2D, weight: number): tf.Scalar {
  return tf.tidy(() => tf.add(tf.logSumExp(nAtNodes), Math.log(weight)) as tf.Scalar);
}

/**
 * Rows of a finite-horizon batch: nT groups of nG quadrature rows (one time each, the same grid),
 * then nT groups of nX extra rows at the same times (nX may be 0).
 */
export interface TimeLayout {
  readonly nT: number;
  readonly nG: number;
  readonly nX: number;
  /** the quadrature weight of one grid node (cell volume) */
  readonly weight: number;
}

/** [nT,1] per-time values → one per row of the layout. */
export function expandRows(v: tf.Tensor2D, lay: TimeLayout): tf.Tensor2D {
  return tf.tidy(() => {
    const parts = [tf.tile(v, [1, lay.nG]).reshape([lay.nT * lay.nG, 1])];
    if (lay.nX > 0) parts.push(tf.tile(v, [1, lay.nX]).reshape([lay.nT * lay.nX, 1]));
    return (parts.length === 1 ? parts[0] : tf.concat(parts, 0)) as tf.Tensor2D;
  });
}

/** Per-time mean of a per-row quantity over the grid rows, weighted by w (e.g. m): [nT,1]. */
export function perTimeMean(f: tf.Tensor2D, w: tf.Tensor2D, lay: TimeLayout): tf.Tensor2D {
  return tf.tidy(() => {
    const g = lay.nT * lay.nG;
    const fw = tf.mul(tf.slice(f, [0, 0], [g, -1]), tf.slice(w, [0, 0], [g, 1])).reshape([lay.nT, lay.nG, -1]);
    const mass = tf.slice(w, [0, 0], [g, 1]).reshape([lay.nT, lay.nG]).sum(1, true);
    return tf.div(fw.sum(1), mass) as tf.Tensor2D;
  });
}

/**
 * The per-time normalised density m(t,x) = e^{N(t,x)}/Z(t), Z(t) = ∫ e^N dx by the quadrature rows of
 * each time: positive and of mass 1 at every t by construction, so the FP residual cannot trade
 * shape for mass. ∂ₜ ln Z = ∫ ∂ₜN e^N/Z from the same rows; gradients flow through Z.
 */
export function perTimeDensityJet(n: FieldJet, lay: TimeLayout): DensityJet {
  const rows = lay.nT * (lay.nG + lay.nX);
  if (n.u.shape[0] !== rows) throw new Error(`perTimeDensityJet: ${n.u.shape[0]} rows, layout nT·(nG + nX) = ${rows}`);
  if (n.dt === undefined) throw new Error("perTimeDensityJet: the density net has no time derivative (timeInput)");
  const dt = n.dt;
  return tf.tidy(() => {
    const g = lay.nT * lay.nG;
    const ng = tf.slice(n.u, [0, 0], [g, 1]).reshape([lay.nT, lay.nG]);
    const logZ = tf.add(tf.logSumExp(ng, 1, true), Math.log(lay.weight)) as tf.Tensor2D;
    const w = tf.softmax(ng, 1);
    const dLogZ = tf.sum(tf.mul(w, tf.slice(dt, [0, 0], [g, 1]).reshape([lay.nT, lay.nG])), 1, true) as tf.Tensor2D;
    return maxEntropyJet(n, expandRows(logZ, lay), expandRows(dLogZ, lay)) as unknown as tf.TensorContainer;
  }) as unknown as DensityJet;
}

/** Per-time normalised m at the rows (value only; N at the rows). */
export function perTimeDensity(nValues: tf.Tensor2D, lay: TimeLayout): tf.Tensor2D {
  return tf.tidy(() => {
    const g = lay.nT * lay.nG;
    const ng = tf.slice(nValues, [0, 0], [g, 1]).reshape([lay.nT, lay.nG]);
    const logZ = tf.add(tf.logSumExp(ng, 1, true), Math.log(lay.weight)) as tf.Tensor2D;
    return tf.exp(tf.sub(nValues, expandRows(logZ, lay))) as tf.Tensor2D;
  });
}

export function disposeDensity(d: DensityJet): void {
  tf.dispose([d.m, d.logm, d.gradLog, d.lapOverM, ...(d.dtLog ? [d.dtLog] : [])]);
}
