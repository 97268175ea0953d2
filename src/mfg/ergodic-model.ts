import * as tf from "@tensorflow/tfjs";
import { latinTorus } from "../domains";
import { logZMonteCarlo, logZQuadrature, maxEntropyJet, netJet, disposeJet, type FieldJet } from "../fields";
import type { Rng } from "../random";
import { adamPlayer, type Player } from "../train";
import type { Model } from "../schemes";
import type { SolveOptions } from "./options";
import { drawErgodicBatch, type ErgodicBatch as Batch } from "./ergodic-batch";
import type { SolverNets } from "./nets";
import { fpResidual, fpResidualOverM, hjbResidual } from "./residuals";
import type { ErgodicProblem } from "./types";

interface Frozen {
  readonly tensors: Record<string, tf.Tensor2D>;
  readonly u?: FieldJet;
  dispose(): void;
}

export interface ErgodicModel extends Model<Batch, Frozen> {
  readonly lambdaVar: tf.Variable;
  lambda(): number;
  dispose(): void;
}

let lambdaId = 0;

/** Mean-field terms E_m[φ(x, ∇u)] by self-normalised Monte Carlo over the rows (uniform on the torus). */
export function ergodicMeanFields(problem: ErgodicProblem, x: tf.Tensor2D, grad: tf.Tensor2D, m: tf.Tensor2D): Record<string, tf.Tensor2D> {
  const out: Record<string, tf.Tensor2D> = {};
  const n = x.shape[0];
  for (const k of problem.meanFieldNames) {
    const phi = (problem.spec.meanField as Record<string, (x: tf.Tensor2D, p: tf.Tensor2D) => tf.Tensor2D>)[k] as (x: tf.Tensor2D, p: tf.Tensor2D) => tf.Tensor2D;
    out[k] = tf.tidy(() => tf.mul(tf.ones([n, 1]), tf.div(tf.sum(tf.mul(phi(x, grad), m)), tf.sum(m))) as tf.Tensor2D);
  }
  return out;
}

function logZOf(b: Batch, nAtY: tf.Tensor2D): tf.Scalar {
  return b.yWeight > 0 ? logZQuadrature(nAtY, b.yWeight) : logZMonteCarlo(nAtY);
}

/** The ergodic problem's players and losses (value: u_θ and λ = s·θ_λ; density: m = e^N/Z). */
export function ergodicModel(problem: ErgodicProblem, o: SolveOptions, nets: SolverNets): ErgodicModel {
  const { value: uNet, density: nNet } = nets;
  const lambdaVar = tf.tidy(() => tf.variable(tf.scalar(o.lambdaInit / o.lambdaScale), true, `mfg_lambda_${++lambdaId}`));
  const value: Player = adamPlayer({ name: "value", vars: [...uNet.vars, lambdaVar], lr: o.lrU });
  const density: Player = adamPlayer({ name: "density", vars: nNet.vars, lr: o.lrM });
  const hess = problem.needsHessian;
  const lam = (): tf.Scalar => tf.mul(lambdaVar, o.lambdaScale) as tf.Scalar;
  const meanPenalty = (b: Batch): tf.Scalar => tf.mul(tf.square(tf.mean(uNet.apply(b.y))), o.meanPenalty) as tf.Scalar;
  const hjbLoss = (b: Batch, u: FieldJet, m: tf.Tensor2D, logm: tf.Tensor2D, mf: Record<string, tf.Tensor2D>) =>
    tf.mean(tf.square(hjbResidual(problem, b.x, u, { m, logm }, mf, lam()))) as tf.Scalar;
  const fpLoss = (b: Batch, u: FieldJet, n: FieldJet, logZ: tf.Scalar) => {
    const dens = maxEntropyJet(n, logZ);
    const r = o.fpForm === "plain" ? fpResidual(problem, b.x, u, dens) : fpResidualOverM(problem, b.x, u, dens);
    return tf.mean(tf.square(r)) as tf.Scalar;
  };
  return {
    value, density, lambdaVar,
    lambda: () => (lambdaVar.dataSync()[0] as number) * o.lambdaScale,
    draw: (r: Rng) => drawErgodicBatch(problem, o, r),
    freezeDensity(b) {
      const tensors = tf.tidy(() => {
        const logm = tf.sub(nNet.apply(b.x), logZOf(b, nNet.apply(b.y))) as tf.Tensor2D;
        const m = tf.exp(logm) as tf.Tensor2D;
        if (problem.meanFieldNames.length === 0) return { logm, m };
        const uj = uNet.jet(b.x);
        return { logm, m, ...ergodicMeanFields(problem, b.x, uj.grad, m) };
      }) as Record<string, tf.Tensor2D>;
      return { tensors, dispose: () => tf.dispose(Object.values(tensors)) };
    },
    valueLoss(b, f) {
      const { logm, m, ...mf } = f.tensors as Record<string, tf.Tensor2D> & { logm: tf.Tensor2D; m: tf.Tensor2D };
      const hjb = hjbLoss(b, uNet.jet(b.x), m, logm, mf);
      const mean = meanPenalty(b);
      return { total: tf.add(hjb, mean) as tf.Scalar, terms: { hjb, mean } };
    },
    freezeValue(b) {
      const u = netJet(uNet, b.x, hess);
      return { tensors: {}, u, dispose: () => disposeJet(u) };
    },
    densityLoss(b, f) {
      const logZ = o.fpForm === "plain" ? logZOf(b, nNet.apply(b.y)) : tf.scalar(0);
      const fp = fpLoss(b, f.u as FieldJet, nNet.jet(b.x), logZ);
      return { total: fp, terms: { fp } };
    },
    jointLoss(b) {
      const u = netJet(uNet, b.x, hess);
      const n = nNet.jet(b.x);
      const logZ = logZOf(b, nNet.apply(b.y));
      const logm = tf.sub(n.u, logZ) as tf.Tensor2D;
      const m = tf.exp(logm) as tf.Tensor2D;
      const hjb = hjbLoss(b, u, m, logm, ergodicMeanFields(problem, b.x, u.grad, m));
      const fp = fpLoss(b, u, n, logZ);
      const mean = meanPenalty(b);
      return { total: tf.addN([hjb, fp, mean]) as tf.Scalar, terms: { hjb, fp, mean } };
    },
    logs: () => ({ lambda: (lambdaVar.dataSync()[0] as number) * o.lambdaScale }),
    dispose: () => {
      value.dispose();
      density.dispose();
      lambdaVar.dispose();
    },
  };
}

/** ln ∫ e^N on the torus by Latin Monte Carlo on the given stream's points (never the training stream). */
export function ergodicLogZ(nNet: { apply(x: tf.Tensor2D): tf.Tensor2D }, d: number, r: Rng, n = 16384): number {
  const y = latinTorus(r, n, d);
  const z = tf.tidy(() => logZMonteCarlo(nNet.apply(y)));
  const v = z.dataSync()[0] as number;
  tf.dispose([y, z]);
  return v;
}
