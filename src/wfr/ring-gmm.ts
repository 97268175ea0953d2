import { gaussianRing, modeCoverage, type IsoMixture } from "../domains";

/** The 2-D ring of Gaussians: means (cos 2πk/K, sin 2πk/K)·radius, isotropic std. */
export interface Ring {
  readonly modes: number;
  readonly radius: number;
  readonly std: number;
}

export const EIGHT_GAUSSIANS: Ring = { modes: 8, radius: 1, std: 0.1 };

export function ringMeans(ring: Ring): [number, number][] {
  return ringMixture(ring).means as [number, number][];
}

/** the ring as an isotropic mixture (src/domains: the same ring as every notebook's) */
export function ringMixture(ring: Ring): IsoMixture {
  return gaussianRing(ring.radius, ring.std, ring.modes);
}

/**
 * Mean log-density of 2-D points (row-major xy pairs) under the true mixture, with the standard
 * normalisation log p(x) = log Σ_k (1/K) exp(−|x−μ_k|²/2σ²) / (2πσ²).
 */
export function ringLogLikelihood(ring: Ring, xy: ArrayLike<number>): number {
  const means = ringMeans(ring);
  const n = xy.length / 2;
  if (!Number.isInteger(n) || n === 0) throw new Error(`ringLogLikelihood: xy must hold a positive even number of values, got ${xy.length}`);
  const s2 = ring.std * ring.std;
  const logNorm = -Math.log(ring.modes) - Math.log(2 * Math.PI * s2);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] as number, y = xy[2 * i + 1] as number;
    const e = means.map(([mx, my]) => -((x - mx) ** 2 + (y - my) ** 2) / (2 * s2));
    const top = Math.max(...e);
    total += logNorm + top + Math.log(e.reduce((s, v) => s + Math.exp(v - top), 0));
  }
  return total / n;
}

/** for each mode, the fraction of the points within `radii` stds of its mean */
export function modeFractions(ring: Ring, xy: ArrayLike<number>, radii = 3): number[] {
  return modeCoverage(ringMixture(ring), xy, radii).fractions;
}

/** modes holding at least `minFraction` (1/32 by default) of the points within 3 std */
export function modesCovered(ring: Ring, xy: ArrayLike<number>, minFraction = 1 / 32): number {
  return modeFractions(ring, xy).filter((f) => f >= minFraction).length;
}
