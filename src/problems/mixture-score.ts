import { checkMixture, gaussianRing, mixtureLogDensity, type IsoMixture } from "../domains";

/**
 * Problem 6B (problems.md §6): OU noising dX = −X dt + √2 dW of an isotropic Gaussian mixture
 * π = Σ w_k N(μ_k, s_k² I). The noised law stays a mixture, p_t = Σ w_k N(μ_k e^{−t}, v_k(t) I) with
 * v_k = s_k² e^{−2t} + 1 − e^{−2t}, so log p_t, its score, Laplacian and ∂ₜ are closed form, and
 * R[ψ] = ∂ₜψ − Δψ − x·∇ψ − |∇ψ|² − d vanishes at ψ = log p_t.
 */

/** 1-D ½N(−2, 0.5²) + ½N(2, 0.5²) (entropy 1.4186 nats) */
export function bimodal1d(): IsoMixture {
  return { weights: [0.5, 0.5], means: [[-2], [2]], stds: [0.5, 0.5] };
}

/** 2-D ring of `modes` modes at radius 2 with std 0.3 (entropy 2.4788 for 8 modes) */
export function ring2d(modes = 8, radius = 2, std = 0.3): IsoMixture {
  return gaussianRing(radius, std, modes);
}

export function validateMixture(pi: IsoMixture): number {
  const d = checkMixture(pi, "mixture");
  const sum = pi.weights.reduce((a, w) => a + w, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new Error(`mixture: weights must sum to 1 (the noised law's formulas use them as they are), got sum ${sum}`);
  return d;
}

/** the OU-noised density p_t at one point: log p, score ∇log p, Δ log p, ∂ₜ log p */
export interface NoisedJet {
  readonly logp: number;
  readonly score: number[];
  readonly lap: number;
  readonly dt: number;
}

export function noisedMixture(pi: IsoMixture, t: number): IsoMixture {
  validateMixture(pi);
  if (!(t >= 0)) throw new Error(`noisedMixture: t must be ≥ 0, got ${t}`);
  const e = Math.exp(-t), e2 = Math.exp(-2 * t);
  return { weights: pi.weights, means: pi.means.map((m) => m.map((v) => v * e)), stds: pi.stds.map((s) => Math.sqrt(s * s * e2 + 1 - e2)) };
}

/**
 * log p_t and its derivatives at x, from the components' responsibilities r_k:
 * ∇log p = Σ r_k g_k, g_k = −(x − c_k)/v_k; Δlog p = Σ r_k(|g_k|² − d/v_k) − |∇log p|²;
 * ∂ₜlog p = Σ r_k ∂ₜlog N_k with ∂ₜ differentiating c_k = μ_k e^{−t} and v_k(t) directly.
 */
export function noisedJet(pi: IsoMixture, t: number, x: readonly number[]): NoisedJet {
  const d = validateMixture(pi);
  if (x.length !== d) throw new Error(`noisedJet: x must have length ${d}, got ${x.length}`);
  const e = Math.exp(-t), e2 = Math.exp(-2 * t);
  const logs: number[] = [], grads: number[][] = [], laps: number[] = [], dts: number[] = [];
  pi.weights.forEach((w, k) => {
    const s2 = (pi.stds[k] as number) ** 2;
    const v = s2 * e2 + 1 - e2, dv = 2 * e2 * (1 - s2);
    const c = (pi.means[k] as readonly number[]).map((m) => m * e);
    const diff = x.map((xi, i) => xi - (c[i] as number));
    const r2 = diff.reduce((a, u) => a + u * u, 0);
    const dc = diff.reduce((a, u, i) => a + u * (c[i] as number), 0);
    logs.push(Math.log(w) - (d / 2) * Math.log(2 * Math.PI * v) - r2 / (2 * v));
    const g = diff.map((u) => -u / v);
    grads.push(g);
    laps.push(g.reduce((a, u) => a + u * u, 0) - d / v);
    dts.push(-(d / 2) * (dv / v) - dc / v + (r2 * dv) / (2 * v * v));
  });
  const mx = Math.max(...logs);
  const ex = logs.map((l) => Math.exp(l - mx));
  const z = ex.reduce((a, u) => a + u, 0);
  const r = ex.map((u) => u / z);
  const score = x.map((_, i) => r.reduce((a, rk, k) => a + rk * (grads[k]?.[i] as number), 0));
  const s2 = score.reduce((a, u) => a + u * u, 0);
  return {
    logp: mx + Math.log(z),
    score,
    lap: r.reduce((a, rk, k) => a + rk * (laps[k] as number), 0) - s2,
    dt: r.reduce((a, rk, k) => a + rk * (dts[k] as number), 0),
  };
}

/** R[ψ] = ∂ₜψ − Δψ − x·∇ψ − |∇ψ|² − d from ψ's jet at (t, x) */
export function scoreHjbResidual(x: readonly number[], jet: { readonly dt: number; readonly lap: number; readonly score: readonly number[] }): number {
  const xg = x.reduce((a, xi, i) => a + xi * (jet.score[i] as number), 0);
  const g2 = jet.score.reduce((a, u) => a + u * u, 0);
  return jet.dt - jet.lap - xg - g2 - x.length;
}

/** erf by Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e-7), enough for CDF distances */
export function erf(x: number): number {
  const s = Math.sign(x), a = Math.abs(x), t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1 - poly * Math.exp(-a * a));
}

/** the CDF of a 1-D mixture */
export function mixtureCdf1d(pi: IsoMixture, x: number): number {
  if (validateMixture(pi) !== 1) throw new Error("mixtureCdf1d: the mixture must be 1-D");
  return pi.weights.reduce((a, w, k) => a + w * 0.5 * (1 + erf((x - (pi.means[k]?.[0] as number)) / ((pi.stds[k] as number) * Math.SQRT2))), 0);
}

/**
 * The cross-entropy −∫ π log q by the midpoint rule on a box covering π's components ± 9 std
 * (d ≤ 2; `nodes` per axis). With q = π it is π's entropy, with q = p_{t₀} the exact score model's NLL.
 */
export function mixtureCrossEntropy(pi: IsoMixture, q: IsoMixture, nodes?: number): number {
  const d = validateMixture(pi);
  if (d > 2) throw new Error(`mixtureCrossEntropy: quadrature needs d ≤ 2, got ${d}`);
  const n = nodes ?? (d === 1 ? 20000 : 400);
  const pad = 9 * Math.max(...pi.stds);
  const lo = Array.from({ length: d }, (_, i) => Math.min(...pi.means.map((m) => m[i] as number)) - pad);
  const hi = Array.from({ length: d }, (_, i) => Math.max(...pi.means.map((m) => m[i] as number)) + pad);
  const h = lo.map((a, i) => ((hi[i] as number) - a) / n);
  const x = new Float64Array(d);
  let s = 0;
  for (let k = 0; k < n ** d; k++) {
    for (let i = 0, rest = k; i < d; i++, rest = Math.floor(rest / n)) x[i] = (lo[i] as number) + ((rest % n) + 0.5) * (h[i] as number);
    const lp = mixtureLogDensity(pi, x);
    s -= Math.exp(lp) * mixtureLogDensity(q, x);
  }
  return s * h.reduce((a, b) => a * b, 1);
}
