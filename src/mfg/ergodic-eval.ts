import * as tf from "@tensorflow/tfjs";
import { latinTorus, uniformTorus } from "../domains";
import { maxEntropyJet, netJet, type FieldJet } from "../fields";
import { relL2, residualRms } from "../metrics";
import type { Net } from "../nets/types";
import { deriveSeed, rng } from "../random";
import { ergodicLogZ, ergodicMeanFields } from "./ergodic-model";
import { fpResidual, hjbResidual } from "./residuals";
import type { ErgodicProblem } from "./types";

/** The learned fields in the public normalisation: ∫u = 0, ∫m = 1 (constants on their own streams). */
export interface ErgodicFields {
  readonly logZ: number;
  readonly uMean: number;
  readonly lambda: number;
}

export function ergodicFields(problem: ErgodicProblem, seed: number, value: Net, density: Net, lambda: number): ErgodicFields {
  const logZ = ergodicLogZ(density, problem.d, rng(deriveSeed(seed, "eval:logZ")));
  const y = latinTorus(rng(deriveSeed(seed, "eval:mean")), 16384, problem.d);
  const mean = tf.tidy(() => tf.mean(value.apply(y)));
  const uMean = mean.dataSync()[0] as number;
  tf.dispose([y, mean]);
  return { logZ, uMean, lambda };
}

function centered(a: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  const mean = s / a.length;
  return Float64Array.from({ length: a.length }, (_, i) => (a[i] as number) - mean);
}

const read = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

/**
 * Metrics on uniform evaluation points of their own stream: rel L2 of u (means removed: u is
 * defined up to a constant) and of m, |λ − λ*|, and the RMS of both residuals (FP as written).
 */
export function ergodicMetrics(problem: ErgodicProblem, seed: number, n: number, value: Net, density: Net, f: ErgodicFields): Record<string, number> {
  const x = uniformTorus(rng(deriveSeed(seed, "eval:points")), n, problem.d);
  const out: Record<string, number> = {};
  tf.engine().startScope();
  try {
    const u: FieldJet = netJet(value, x, problem.needsHessian);
    const dens = maxEntropyJet(density.jet(x), tf.scalar(f.logZ));
    const mf = ergodicMeanFields(problem, x, u.grad, dens.m);
    out.hjb_rms = residualRms(read(hjbResidual(problem, x, u, dens, mf, f.lambda)));
    out.fp_rms = residualRms(read(fpResidual(problem, x, u, dens)));
    const ex = problem.spec.exact;
    if (ex?.u) out.rel_l2_u = relL2(centered(read(u.u)), centered(read(ex.u(x))));
    if (ex?.m) out.rel_l2_m = relL2(read(dens.m), read(ex.m(x)));
    if (ex?.lambda !== undefined) out.lambda_abs_error = Math.abs(f.lambda - ex.lambda);
  } finally {
    tf.engine().endScope();
    x.dispose();
  }
  return out;
}
