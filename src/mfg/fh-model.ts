import * as tf from "@tensorflow/tfjs";
import {
  addFieldJets, disposeJet, expandRows, maxEntropyJet, netJet, perTimeDensity, perTimeDensityJet, perTimeMean, toPhysical,
  type DensityJet, type FieldJet, type InputMap, type TimeLayout,
} from "../fields";
import type { Net } from "../nets/types";
import type { Rng } from "../random";
import type { Model } from "../schemes";
import { adamPlayer } from "../train";
import { drawFhBatch, type FhBatch } from "./fh-batch";
import type { SolveOptions } from "./options";
import { fpResidual, fpResidualOverM, hjbResidual } from "./residuals";
import type { FiniteHorizonProblem, PointFn } from "./types";
import { volume } from "../domains";

interface Frozen {
  readonly tensors: Record<string, tf.Tensor2D>;
  readonly u?: FieldJet;
  dispose(): void;
}

/** How the finite-horizon fields are read from the nets (shared by training and evaluation). */
export interface FhFields {
  readonly map: InputMap;
  /** s in u = G + s·N */
  readonly scale: number;
  /** u's physical jet at rows (netX: their net inputs; offset: G's jet there, if any) */
  valueJet(netX: tf.Tensor2D, offset: FieldJet | undefined, hessian: boolean): FieldJet;
  /** m's log-form jet at rows laid out by `lay` */
  densityJet(netX: tf.Tensor2D, lay: TimeLayout): DensityJet;
  /** m's values at rows laid out by `lay` */
  density(netX: tf.Tensor2D, lay: TimeLayout): tf.Tensor2D;
  /** ln m at arbitrary rows given ln Z per row */
  logDensity(netX: tf.Tensor2D, logZ: tf.Tensor2D): tf.Tensor2D;
  /** ln Z(t) per time [nT,1] from quadrature rows laid out by `lay` */
  logNormaliser(netX: tf.Tensor2D, lay: TimeLayout): tf.Tensor2D;
}

export function fhFields(problem: FiniteHorizonProblem, o: SolveOptions, map: InputMap, scale: number, uNet: Net, nNet: Net): FhFields {
  const logVol = Math.log(volume(problem.domain));
  return {
    map, scale,
    valueJet: (netX, offset, hessian) => tf.tidy(() => {
      const j = toPhysical(map, netJet(uNet, netX, hessian), scale);
      return (offset === undefined ? j : addFieldJets(j, offset)) as unknown as tf.TensorContainer;
    }) as unknown as FieldJet,
    densityJet: (netX, lay) => tf.tidy(() => {
      const n = toPhysical(map, nNet.jet(netX));
      return (o.densityNorm === "per-time" ? perTimeDensityJet(n, lay) : maxEntropyJet(n, tf.scalar(logVol))) as unknown as tf.TensorContainer;
    }) as unknown as DensityJet,
    density: (netX, lay) => tf.tidy(() => (o.densityNorm === "per-time"
      ? perTimeDensity(nNet.apply(netX), lay)
      : tf.exp(tf.sub(nNet.apply(netX), logVol))) as tf.Tensor2D),
    logDensity: (netX, logZ) => tf.tidy(() => tf.sub(nNet.apply(netX), logZ) as tf.Tensor2D),
    logNormaliser: (netX, lay) => tf.tidy(() => {
      if (o.densityNorm === "none") return tf.fill([lay.nT, 1], logVol) as tf.Tensor2D;
      const g = lay.nT * lay.nG;
      const ng = tf.slice(nNet.apply(netX), [0, 0], [g, 1]).reshape([lay.nT, lay.nG]);
      return tf.add(tf.logSumExp(ng, 1, true), Math.log(lay.weight)) as tf.Tensor2D;
    }),
  };
}

/** Mean-field terms per time by the quadrature rows, one value per row: E_{m(t,·)}[φ(x, ∇u)]. */
export function fhMeanFields(problem: FiniteHorizonProblem, x: tf.Tensor2D, grad: tf.Tensor2D, m: tf.Tensor2D, lay: TimeLayout): Record<string, tf.Tensor2D> {
  const out: Record<string, tf.Tensor2D> = {};
  for (const k of problem.meanFieldNames) {
    const phi = (problem.spec.meanField as Record<string, PointFn>)[k] as PointFn;
    out[k] = tf.tidy(() => expandRows(perTimeMean(phi(x, grad) as tf.Tensor2D, m, lay), lay));
  }
  return out;
}

export interface FhModel extends Model<FhBatch, Frozen> {
  readonly fields: FhFields;
  dispose(): void;
}

/** The finite-horizon players and losses; residuals and penalties are scaled by s so they are O(1). */
export function fhModel(problem: FiniteHorizonProblem, o: SolveOptions, fields: FhFields, uNet: Net, nNet: Net): FhModel {
  const value = adamPlayer({ name: "value", vars: uNet.vars, lr: o.lrU });
  const density = adamPlayer({ name: "density", vars: nNet.vars, lr: o.lrM });
  const hess = problem.needsHessian;
  const s = fields.scale;
  const uAt = (b: FhBatch, h: boolean) => fields.valueJet(b.netX, b.offset, h);
  const hjbLoss = (b: FhBatch, u: FieldJet, m: tf.Tensor2D, logm: tf.Tensor2D, mf: Record<string, tf.Tensor2D>) =>
    tf.mean(tf.square(tf.div(hjbResidual(problem, b.x, u, { m, logm }, mf), s))) as tf.Scalar;
  const terminalLoss = (b: FhBatch) => {
    const n = uNet.apply(b.netXT);
    const gap = o.terminal === "offset" ? n : tf.sub(n, tf.div(b.gT, s));
    return tf.mul(tf.mean(tf.square(gap)), o.terminalWeight) as tf.Scalar;
  };
  const fpLoss = (b: FhBatch, u: FieldJet, dens: DensityJet) =>
    tf.mean(tf.square(o.fpForm === "plain" ? fpResidual(problem, b.x, u, dens) : fpResidualOverM(problem, b.x, u, dens))) as tf.Scalar;
  const initialLoss = (b: FhBatch) =>
    tf.mul(tf.mean(tf.square(tf.sub(fields.density(b.netX0, { nT: 1, nG: b.lay.nG, nX: 0, weight: b.lay.weight }), b.m0))), o.initialWeight) as tf.Scalar;
  return {
    value, density, fields,
    draw: (r: Rng) => drawFhBatch(problem, o, fields.map, nNet, r),
    freezeDensity(b) {
      const tensors = tf.tidy(() => {
        const m = fields.density(b.netX, b.lay);
        const logm = tf.log(m) as tf.Tensor2D;
        if (problem.meanFieldNames.length === 0) return { m, logm };
        const u = uAt(b, false);
        return { m, logm, ...fhMeanFields(problem, b.x, u.grad, m, b.lay) };
      }) as Record<string, tf.Tensor2D>;
      return { tensors, dispose: () => tf.dispose(Object.values(tensors)) };
    },
    valueLoss(b, f) {
      const { m, logm, ...mf } = f.tensors as Record<string, tf.Tensor2D> & { m: tf.Tensor2D; logm: tf.Tensor2D };
      const hjb = hjbLoss(b, uAt(b, false), m, logm, mf);
      const terminal = terminalLoss(b);
      return { total: tf.add(hjb, terminal) as tf.Scalar, terms: { hjb, terminal } };
    },
    freezeValue(b) {
      const u = uAt(b, hess);
      return { tensors: {}, u, dispose: () => disposeJet(u) };
    },
    densityLoss(b, f) {
      const fp = fpLoss(b, f.u as FieldJet, fields.densityJet(b.netX, b.lay));
      const initial = initialLoss(b);
      return { total: tf.add(fp, initial) as tf.Scalar, terms: { fp, initial } };
    },
    jointLoss(b) {
      const u = uAt(b, hess);
      const dens = fields.densityJet(b.netX, b.lay);
      const hjb = hjbLoss(b, u, dens.m, dens.logm, fhMeanFields(problem, b.x, u.grad, dens.m, b.lay));
      const fp = fpLoss(b, u, dens);
      const terminal = terminalLoss(b);
      const initial = initialLoss(b);
      return { total: tf.addN([hjb, fp, terminal, initial]) as tf.Scalar, terms: { hjb, fp, terminal, initial } };
    },
    logs: () => ({}),
    dispose: () => {
      value.dispose();
      density.dispose();
    },
  };
}
