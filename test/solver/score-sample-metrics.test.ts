import { strict as assert } from "node:assert";
import { bimodal1d, erf, mixtureCdf1d, ring2d } from "../../src/problems";
import { modeStats, w1ToMixture1d } from "../../src/scores";

describe("scores: sample metrics", () => {
  it("erf and the mixture CDF against known values", () => {
    for (const [x, v] of [[0, 0], [0.5, 0.5204998778], [1, 0.8427007929], [2, 0.995322265], [-1.3, -0.9340079449]] as const) {
      assert.ok(Math.abs(erf(x) - v) < 2e-7, `erf(${x}) = ${erf(x)} vs ${v}`);
    }
    const pi = bimodal1d();
    assert.ok(Math.abs(mixtureCdf1d(pi, 0) - 0.5) < 1e-12);
    assert.ok(Math.abs(mixtureCdf1d(pi, 2) - (0.5 * 0.5 * (1 + erf(8 / Math.SQRT2)) + 0.5 * 0.5)) < 1e-12);
  });

  it("W₁ to the CDF: ~0 for the mixture's own quantiles, δ for a sample of one component shifted by δ", () => {
    const pi = bimodal1d();
    const q = (u: number): number => { let a = -8, b = 8; for (let i = 0; i < 60; i++) { const m = (a + b) / 2; if (mixtureCdf1d(pi, m) < u) a = m; else b = m; } return (a + b) / 2; };
    const n = 2000;
    const quant = Array.from({ length: n }, (_, k) => q((k + 0.5) / n));
    assert.ok(w1ToMixture1d(quant, pi) < 5e-3, `quantiles: ${w1ToMixture1d(quant, pi)}`);
    const single = { weights: [1], means: [[0]], stds: [1] };
    const qs = (u: number): number => { let a = -9, b = 9; for (let i = 0; i < 60; i++) { const m = (a + b) / 2; if (mixtureCdf1d(single, m) < u) a = m; else b = m; } return (a + b) / 2; };
    const shifted = Array.from({ length: n }, (_, k) => qs((k + 0.5) / n) + 0.3);
    assert.ok(Math.abs(w1ToMixture1d(shifted, single) - 0.3) < 5e-3, `shifted: ${w1ToMixture1d(shifted, single)}`);
  });

  it("mode statistics: all mass on one mode covers 1 of 8; samples at the centres are all high-quality", () => {
    const pi = ring2d();
    const one = Array.from({ length: 100 }, () => [2, 0]).flat();
    const m1 = modeStats(one, pi);
    assert.equal(m1.modesCovered, 1);
    assert.equal(m1.quality, 1);
    const centres = pi.means.flatMap((m) => [...m]);
    const m8 = modeStats(centres, pi);
    assert.equal(m8.modesCovered, 8);
    const far = modeStats([0, 0, 0, 0], pi);
    assert.equal(far.quality, 0);
    assert.equal(far.modesCovered, 0);
    assert.throws(() => modeStats([1, 2, 3], pi), /not rows of d = 2/);
  });
});
