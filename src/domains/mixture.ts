/**
 * Isotropic Gaussian mixtures Σ w_k N(μ_k, s_k² I) as plain data: validation, log-density, sampling
 * from a seeded normal source, mode coverage, and the standard shapes (N(0, I), a ring of modes).
 * The one mixture of the lab's problems (notebooks 04, 05, 07); `gaussianMixture` in samplers.ts
 * draws the same laws (and diagonal ones) as tensors.
 */

export interface IsoMixture {
  readonly weights: readonly number[];
  readonly means: readonly (readonly number[])[];
  /** one std per component, the same in every coordinate */
  readonly stds: readonly number[];
}

export function checkMixture(m: IsoMixture, name: string): number {
  const k = m.weights.length;
  if (k === 0 || m.means.length !== k || m.stds.length !== k) {
    throw new Error(`${name}: weights, means and stds need the same non-zero length`);
  }
  const d = m.means[0]?.length ?? 0;
  if (d === 0 || m.means.some((mu) => mu.length !== d)) throw new Error(`${name}: means must share one dimension ≥ 1`);
  if (m.weights.some((w) => !(w >= 0)) || !(m.weights.reduce((a, b) => a + b, 0) > 0)) {
    throw new Error(`${name}: weights must be ≥ 0 with a positive sum`);
  }
  m.stds.forEach((s, k) => {
    if (!(s > 0)) throw new Error(`${name}: stds[${k}] must be > 0, got ${s}`);
  });
  return d;
}

/** ln ρ(x) by log-sum-exp (finite far into the tails) */
export function mixtureLogDensity(m: IsoMixture, x: ArrayLike<number>): number {
  const d = x.length;
  const wsum = m.weights.reduce((a, b) => a + b, 0);
  const terms = m.weights.map((w, k) => {
    const mu = m.means[k] as readonly number[], s = m.stds[k] as number;
    let r2 = 0;
    for (let j = 0; j < d; j++) r2 += ((x[j] as number) - (mu[j] as number)) ** 2;
    return Math.log(w / wsum) - (0.5 * r2) / (s * s) - d * Math.log(s * Math.sqrt(2 * Math.PI));
  });
  const top = Math.max(...terms);
  if (top === -Infinity) return -Infinity;
  return top + Math.log(terms.reduce((acc, t) => acc + Math.exp(t - top), 0));
}

/** n samples, row-major [n·d], from a categorical + normal source (e.g. an Rng) */
export function sampleMixture(m: IsoMixture, n: number, src: { uniform(): number; normal(): number }): Float32Array {
  const d = checkMixture(m, "sampleMixture");
  const wsum = m.weights.reduce((a, b) => a + b, 0);
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let r = src.uniform() * wsum, k = 0;
    while (k < m.weights.length - 1 && r >= (m.weights[k] as number)) r -= m.weights[k++] as number;
    const mu = m.means[k] as readonly number[], s = m.stds[k] as number;
    for (let j = 0; j < d; j++) out[i * d + j] = (mu[j] as number) + s * src.normal();
  }
  return out;
}

/**
 * Per mode, the fraction of samples within `radiusInStd` stds of its mean; a mode is covered when
 * that fraction is ≥ minFraction (the usual 3 std, 1/32 criterion).
 */
export function modeCoverage(m: IsoMixture, samples: ArrayLike<number>, radiusInStd = 3, minFraction = 1 / 32):
  { readonly fractions: number[]; readonly covered: number } {
  const d = checkMixture(m, "modeCoverage");
  const n = Math.floor(samples.length / d);
  if (n === 0 || samples.length % d !== 0) throw new Error(`modeCoverage: samples length ${samples.length} is not a positive multiple of d=${d}`);
  const fractions = m.means.map((mu, k) => {
    const r = radiusInStd * (m.stds[k] as number);
    let hits = 0;
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      for (let j = 0; j < d; j++) r2 += ((samples[i * d + j] as number) - (mu[j] as number)) ** 2;
      if (r2 <= r * r) hits++;
    }
    return hits / n;
  });
  return { fractions, covered: fractions.filter((f) => f >= minFraction).length };
}

/**
 * How evenly samples spread over the modes, two-sided (it sees collapse and imbalance, which a
 * log-likelihood under the mixture rewards): each sample within `radiusInStd` stds of some mode
 * counts as high quality and is assigned to the nearest such mode. Returns the share of
 * high-quality samples, the histogram of the high-quality ones over the modes, and its KL
 * divergence from the mixture's weights Σ_k p_k ln(p_k / w_k) (0: balanced as the data; ln K:
 * all on one of K equal modes). For exact samples of a d = 2 mixture with 3 std the share is
 * 1 − e^{−4.5} ≈ 0.9889.
 */
export function modeBalance(m: IsoMixture, samples: ArrayLike<number>, radiusInStd = 3):
  { readonly highQuality: number; readonly histogram: number[]; readonly klToWeights: number } {
  const d = checkMixture(m, "modeBalance");
  const n = Math.floor(samples.length / d);
  if (n === 0 || samples.length % d !== 0) throw new Error(`modeBalance: samples length ${samples.length} is not a positive multiple of d=${d}`);
  const counts = new Array<number>(m.means.length).fill(0);
  let good = 0;
  for (let i = 0; i < n; i++) {
    let best = -1, bestScaled = Infinity;
    m.means.forEach((mu, k) => {
      let r2 = 0;
      for (let j = 0; j < d; j++) r2 += ((samples[i * d + j] as number) - (mu[j] as number)) ** 2;
      const scaled = Math.sqrt(r2) / (m.stds[k] as number);
      if (scaled <= radiusInStd && scaled < bestScaled) [best, bestScaled] = [k, scaled];
    });
    if (best >= 0) {
      counts[best] = (counts[best] as number) + 1;
      good++;
    }
  }
  const histogram = counts.map((c) => (good === 0 ? 0 : c / good));
  const klToWeights = good === 0 ? Infinity
    : histogram.reduce((s, p, k) => (p > 0 ? s + p * Math.log(p / (m.weights[k] as number)) : s), 0);
  return { highQuality: good / n, histogram, klToWeights };
}

/** N(0, 1) in d dimensions: the 1-D initial law and the generators' noise */
export function standardNormal(d: number): IsoMixture {
  return { weights: [1], means: [new Array<number>(d).fill(0)], stds: [1] };
}

/** `modes` equal Gaussians at radius r, angles 2πk/modes (eight by default) */
export function gaussianRing(radius: number, std: number, modes = 8): IsoMixture {
  return {
    weights: new Array<number>(modes).fill(1 / modes),
    means: Array.from({ length: modes }, (_, k) => [radius * Math.cos((2 * Math.PI * k) / modes), radius * Math.sin((2 * Math.PI * k) / modes)]),
    stds: new Array<number>(modes).fill(std),
  };
}
