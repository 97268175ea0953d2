import * as tf from "@tensorflow/tfjs";
import { modeStats, w1ToMixture1d, type ModeStats } from "./sample-metrics";
import { evalRows, type ScoreEvalSet } from "./eval-set";
import { scoreHjbResidualTensor } from "./losses";
import { pfOdeLogDensity, pfOdeSample, potentialField, potentialValues } from "./pf-ode";
import type { ScorePotential } from "./potential";

/** every metric of problem 6B for one potential, against the closed-form p_t */
export interface ScoreMetrics {
  /** √E_{t,x~p_t} σ_t²|∇ψ_θ − ∇log p_t|² (t uniform on [t₀, T]): the RMS error of the noise prediction */
  readonly scoreError: number;
  /** √E σ_t⁴ R[ψ_θ]², on the same points */
  readonly hjbRms: number;
  /** √E_{x~p_{t₀}} (ψ_θ(t₀, x) − log p_{t₀}(x))², and its mean (the constant DSM cannot see) and spread */
  readonly logDensityRms: number;
  readonly logDensityOffset: number;
  readonly logDensityShapeRms: number;
  /**
   * the shape error's two parts on the same points, from ψ_θ − log p = (log ρ^θ − log p) − ∫R dt (the identity, along
   * the PF-ODE from each point): the spread of the model's own log-density error, and that of the residual integral
   */
  readonly logDensityModelShapeRms: number;
  readonly logDensityResidualShapeRms: number;
  /** logDensityRms over the 95 % of the points where p_{t₀} is highest: the RMS without the tails, where data are rare */
  readonly logDensityCoreRms: number;
  /** E_π[−log ρ^θ_{t₀}] through the PF-ODE: exact-model NLL + mean(log p_{t₀} − log ρ^θ) (control variate) */
  readonly nll: number;
  /** the plain sample mean of −log ρ^θ_{t₀} */
  readonly nllRaw: number;
  /** mean |ψ(x, t₀) − log ρ^θ_{t₀}(x) + ∫R dt| along the PF-ODE paths (0 up to the integration error) */
  readonly identityGap: number;
  /** mean |∫R dt| along the paths: how far ψ_θ(t₀) is from the model's own log-density */
  readonly residualIntegral: number;
  /** 1-D: W₁ of the samples to the exact CDF; 2-D: NaN */
  readonly w1: number;
  readonly modes: ModeStats;
  /** the score error by time bin (for figures) */
  readonly byTime: { readonly t: number[]; readonly scoreError: number[] };
  readonly samples: Float64Array;
}

const mean = (a: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] as number; return s / a.length; };
/** the RMS about the mean */
const spread = (a: ArrayLike<number>): number => { const m = mean(a); let s = 0; for (let i = 0; i < a.length; i++) s += ((a[i] as number) - m) ** 2; return Math.sqrt(s / a.length); };

function timeBins(set: ScoreEvalSet, sq: Float64Array, bins: number): { t: number[]; scoreError: number[] } {
  const per = Math.floor(set.o.nScore / bins);
  const t: number[] = [], e: number[] = [];
  for (let b = 0; b < bins; b++) {
    let s = 0, ts = 0;
    for (let k = b * per; k < (b + 1) * per; k++) { s += sq[k] as number; ts += set.rows[k * (set.d + 1)] as number; }
    t.push(ts / per);
    e.push(Math.sqrt(s / per));
  }
  return { t, scoreError: e };
}

/** the RMS of e over the share q of the points with the highest log p */
function coreRms(e: Float64Array, logp: Float64Array, q: number): number {
  const keep = Array.from(logp.keys()).sort((a, b) => (logp[b] as number) - (logp[a] as number)).slice(0, Math.max(1, Math.round(q * e.length)));
  return Math.sqrt(mean(keep.map((k) => (e[k] as number) ** 2)));
}

/** score error and weighted HJB residual on the eval set's (t, x_t) points; squared errors per point */
function pointMetrics(p: ScorePotential, set: ScoreEvalSet): { sq: Float64Array; hjbRms: number } {
  const d = set.d, n = set.o.nScore;
  const { grad, r } = tf.tidy(() => {
    const s = evalRows(set);
    const j = p.jet(s);
    const res = scoreHjbResidualTensor(j, tf.slice(s, [0, 1], [n, d]));
    return { grad: j.grad.dataSync(), r: res.dataSync() };
  });
  const sq = new Float64Array(n);
  let h = 0;
  for (let k = 0; k < n; k++) {
    const s2 = (set.sigma[k] as number) ** 2;
    let e = 0;
    for (let i = 0; i < d; i++) e += ((grad[k * d + i] as number) - (set.score[k * d + i] as number)) ** 2;
    sq[k] = s2 * e;
    h += (s2 * (r[k] as number)) ** 2;
  }
  return { sq, hjbRms: Math.sqrt(h / n) };
}

export function evaluateScore(p: ScorePotential, set: ScoreEvalSet, bins = 20): ScoreMetrics {
  const { d, o } = set;
  const pts = pointMetrics(p, set);
  const psiD = potentialValues(p, o.t0, set.xDensity, o.nDensity);
  const diff = Float64Array.from(psiD, (v, k) => v - (set.logpDensity[k] as number));
  const off = mean(diff);
  const field = potentialField(p);
  const ode = { t0: o.t0, T: o.T, steps: o.odeSteps };
  const pf = pfOdeLogDensity(field, set.xNll, o.nNll, d, ode);
  const pfD = pfOdeLogDensity(field, set.xDensity, o.nDensity, d, ode);
  const psi0 = potentialValues(p, o.t0, set.xNll, o.nNll);
  const gap = Float64Array.from(pf.logDensity, (l, k) => Math.abs((psi0[k] as number) - l + (pf.residualIntegral[k] as number)));
  const samples = pfOdeSample(field, set.xT, o.nSamples, d, ode);
  return {
    scoreError: Math.sqrt(mean(pts.sq)),
    hjbRms: pts.hjbRms,
    logDensityRms: Math.sqrt(mean(diff.map((v) => v * v))),
    logDensityOffset: off,
    logDensityShapeRms: spread(diff),
    logDensityCoreRms: coreRms(diff, set.logpDensity, 0.95),
    logDensityModelShapeRms: spread(Float64Array.from(pfD.logDensity, (l, k) => l - (set.logpDensity[k] as number))),
    logDensityResidualShapeRms: spread(pfD.residualIntegral),
    nll: set.exactNll + mean(Float64Array.from(pf.logDensity, (l, k) => (set.logpNll[k] as number) - l)),
    nllRaw: -mean(pf.logDensity),
    identityGap: mean(gap),
    residualIntegral: mean(pf.residualIntegral.map(Math.abs)),
    w1: d === 1 ? w1ToMixture1d(samples, set.pi) : NaN,
    modes: modeStats(samples, set.pi),
    byTime: timeBins(set, pts.sq, bins),
    samples,
  };
}

/** the sampling noise floor: the same sample metrics on fresh draws of the data law itself */
export function sampleFloor(set: ScoreEvalSet): { w1: number; modes: ModeStats } {
  return { w1: set.d === 1 ? w1ToMixture1d(set.dataDraws, set.pi) : NaN, modes: modeStats(set.dataDraws, set.pi) };
}
