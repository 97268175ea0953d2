import * as tf from "@tensorflow/tfjs";
import { boxGrid, latinTorus, sampleDomain } from "../domains";
import type { Rng } from "../random";
import type { SolveOptions } from "./options";
import type { ErgodicProblem } from "./types";

/** One outer iteration's points on the torus: the collocation rows x, and the rows y for ln Z and the mean of u. */
export interface ErgodicBatch {
  readonly x: tf.Tensor2D;
  /** points for ln Z and for the mean of u */
  readonly y: tf.Tensor2D;
  /** quadrature weight of y (0: Monte Carlo) */
  readonly yWeight: number;
  dispose(): void;
}

/** x by the options' collocation sampler; y a randomly shifted grid (logZ "quadrature") or Latin Monte Carlo points. */
export function drawErgodicBatch(problem: ErgodicProblem, o: SolveOptions, r: Rng): ErgodicBatch {
  const x = sampleDomain(problem.domain, r, o.batch, o.collocation);
  let y: tf.Tensor2D;
  let yWeight = 0;
  if (o.logZ === "quadrature") {
    const n = Math.max(2, Math.round(Math.pow(o.zSamples, 1 / problem.d)));
    const g = boxGrid(problem.domain.lo, problem.domain.hi, n, r.uniform());
    y = tf.tensor2d(Float32Array.from(g.points), [g.count, problem.d]);
    yWeight = g.weight;
  } else y = latinTorus(r, o.zSamples, problem.d);
  return { x, y, yWeight, dispose: () => tf.dispose([x, y]) };
}
