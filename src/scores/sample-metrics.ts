import { mixtureCdf1d } from "../problems";
import { mixtureLogDensity, type IsoMixture } from "../domains";

/**
 * W₁ = ∫|F_n − F| dx between the samples' empirical CDF and a 1-D mixture's exact CDF, by the
 * midpoint rule on a fine grid covering both (cells of `h`).
 */
export function w1ToMixture1d(samples: ArrayLike<number>, pi: IsoMixture, h = 1e-3): number {
  const xs = Float64Array.from(samples).sort();
  const n = xs.length;
  if (n === 0) throw new Error("w1ToMixture1d: no samples");
  const pad = 9 * Math.max(...pi.stds);
  const lo = Math.min(xs[0] as number, ...pi.means.map((m) => (m[0] as number) - pad));
  const hi = Math.max(xs[n - 1] as number, ...pi.means.map((m) => (m[0] as number) + pad));
  const cells = Math.ceil((hi - lo) / h);
  const step = (hi - lo) / cells;
  let j = 0, s = 0;
  for (let c = 0; c < cells; c++) {
    const x = lo + (c + 0.5) * step;
    while (j < n && (xs[j] as number) <= x) j++;
    s += Math.abs(j / n - mixtureCdf1d(pi, x));
  }
  return s * step;
}

/** samples against the mixture's modes: mean log π, the share within 3 std of a mode, modes covered */
export interface ModeStats {
  readonly meanLogLik: number;
  /** share of samples within 3 std of their nearest mode */
  readonly quality: number;
  /** modes holding at least half their weight's share of the samples (counting those within 3 std) */
  readonly modesCovered: number;
  readonly modes: number;
}

export function modeStats(samples: ArrayLike<number>, pi: IsoMixture): ModeStats {
  const d = pi.means[0]?.length ?? 0;
  const n = samples.length / d;
  if (!Number.isInteger(n) || n === 0) throw new Error(`modeStats: ${samples.length} numbers are not rows of d = ${d}`);
  const counts = new Array<number>(pi.weights.length).fill(0);
  let ll = 0, good = 0;
  const x = new Float64Array(d);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) x[i] = samples[k * d + i] as number;
    ll += mixtureLogDensity(pi, x);
    let best = 0, bestDist = Infinity;
    pi.means.forEach((m, c) => {
      const dist = Math.sqrt(m.reduce((a, mi, i) => a + ((x[i] as number) - mi) ** 2, 0)) / (pi.stds[c] as number);
      if (dist < bestDist) [best, bestDist] = [c, dist];
    });
    if (bestDist < 3) {
      good++;
      counts[best] = (counts[best] as number) + 1;
    }
  }
  const covered = counts.filter((c, k) => c >= 0.5 * (pi.weights[k] as number) * n).length;
  return { meanLogLik: ll / n, quality: good / n, modesCovered: covered, modes: pi.weights.length };
}
