import * as tf from "@tensorflow/tfjs";
import { finitePositive, positiveInt } from "../config/validate";
import { gaussianMixture } from "../domains";
import { mixtureCrossEntropy, noisedJet, noisedMixture, validateMixture } from "../problems";
import { type IsoMixture } from "../domains";
import { deriveSeed, rng } from "../random";
import { ouSigma } from "./noising";

export interface ScoreEvalOptions {
  readonly t0: number;
  readonly T: number;
  /** points (t, x_t), t stratified on [t₀, T], x_t ~ p_t: score error and HJB residual */
  readonly nScore: number;
  /** points x ~ p_{t₀}: the log-density error */
  readonly nDensity: number;
  /** data points x ~ π whose NLL is computed through the PF-ODE */
  readonly nNll: number;
  /** generated samples (PF-ODE backwards from N(0, I)) */
  readonly nSamples: number;
  /** RK4 steps of the PF-ODE solves */
  readonly odeSteps: number;
  readonly seed: number;
}

/** the fixed evaluation points of one data law with their exact values (computed once, shared by every model) */
export interface ScoreEvalSet {
  readonly pi: IsoMixture;
  readonly d: number;
  readonly o: ScoreEvalOptions;
  /** rows (t, x_t) row-major nScore × (d+1), σ_t and the exact score (nScore × d) */
  readonly rows: Float32Array;
  readonly sigma: Float64Array;
  readonly score: Float64Array;
  /** x ~ p_{t₀} (nDensity × d) and log p_{t₀} there */
  readonly xDensity: Float64Array;
  readonly logpDensity: Float64Array;
  /** x ~ π (nNll × d) and the exact model's log p_{t₀} there */
  readonly xNll: Float64Array;
  readonly logpNll: Float64Array;
  /** −∫π log p_{t₀} (quadrature): the exact score model's NLL; and H(π) */
  readonly exactNll: number;
  readonly entropy: number;
  /** N(0, I) draws the samples start from (nSamples × d), and as many fresh data draws (the noise floor) */
  readonly xT: Float64Array;
  readonly dataDraws: Float64Array;
}

function draws(pi: IsoMixture, n: number, seed: number): Float64Array {
  const x = gaussianMixture(rng(seed), n, pi);
  const v = Float64Array.from(x.dataSync());
  x.dispose();
  return v;
}

export function scoreEvalSet(pi: IsoMixture, o: ScoreEvalOptions): ScoreEvalSet {
  const where = "scoreEvalSet";
  const d = validateMixture(pi);
  for (const k of ["nScore", "nDensity", "nNll", "nSamples", "odeSteps"] as const) positiveInt(where, k, o[k]);
  finitePositive(where, "t0", o.t0);
  if (!(o.T > o.t0)) throw new Error(`${where}: T must be > t0, got T = ${o.T}, t0 = ${o.t0}`);
  const r = rng(deriveSeed(o.seed, "eval:noise"));
  const x0 = draws(pi, o.nScore, deriveSeed(o.seed, "eval:score-data"));
  const rows = new Float32Array(o.nScore * (d + 1)), sigma = new Float64Array(o.nScore), score = new Float64Array(o.nScore * d);
  for (let k = 0; k < o.nScore; k++) {
    const t = o.t0 + ((o.T - o.t0) * (k + r.uniform())) / o.nScore;
    const s = ouSigma(t), e = Math.exp(-t);
    const x = Array.from({ length: d }, (_, i) => e * (x0[k * d + i] as number) + s * r.normal());
    const xf = x.map(Math.fround);
    rows[k * (d + 1)] = t;
    rows.set(xf, k * (d + 1) + 1);
    sigma[k] = s;
    score.set(noisedJet(pi, Math.fround(t), xf).score, k * d);
  }
  const pt0 = noisedMixture(pi, o.t0);
  const xDensity = draws(pt0, o.nDensity, deriveSeed(o.seed, "eval:density"));
  const xNll = draws(pi, o.nNll, deriveSeed(o.seed, "eval:nll"));
  const logAt = (x: Float64Array, n: number) => Float64Array.from({ length: n }, (_, k) => noisedJet(pi, o.t0, Array.from(x.subarray(k * d, (k + 1) * d))).logp);
  const xT = Float64Array.from(rng(deriveSeed(o.seed, "eval:prior")).normalArray(o.nSamples * d));
  return {
    pi, d, o, rows, sigma, score, xDensity, logpDensity: logAt(xDensity, o.nDensity), xNll, logpNll: logAt(xNll, o.nNll),
    exactNll: mixtureCrossEntropy(pi, pt0), entropy: mixtureCrossEntropy(pi, pi), xT,
    dataDraws: draws(pi, o.nSamples, deriveSeed(o.seed, "eval:data-draws")),
  };
}

/** rows of an eval set as a tensor [n, d+1] */
export function evalRows(set: ScoreEvalSet): tf.Tensor2D {
  return tf.tensor2d(set.rows, [set.o.nScore, set.d + 1]);
}
