import { strict as assert } from "node:assert";
import { initBackend } from "../../src/backend";
import { gaussianMixture } from "../../src/domains";
import { bimodal1d, mixtureCrossEntropy, noisedJet, noisedMixture, ring2d } from "../../src/problems";
import { type IsoMixture } from "../../src/domains";
import { rng } from "../../src/random";
import { exactField, modeStats, pfOdeLogDensity, pfOdeSample, potentialField, potentialValues, scorePotential, terminalPotential, w1ToMixture1d } from "../../src/scores";

const t0 = 1e-3, T = 5;
const draws = (pi: IsoMixture, n: number, seed: number): Float64Array => {
  const x = gaussianMixture(rng(seed), n, pi);
  const v = Float64Array.from(x.dataSync());
  x.dispose();
  return v;
};
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

describe("scores: the probability-flow ODE with the exact divergence", () => {
  before(async () => { await initBackend(); });

  for (const [name, pi, H] of [["bimodal 1-D", bimodal1d(), 1.418845], ["ring 2-D", ring2d(), 2.479527]] as const) {
    it(`${name}: the exact score's PF-ODE log-density equals log p_t₀ pointwise, and its NLL the exact entropy-based value`, () => {
      const d = pi.means[0]!.length, n = 400;
      const x = draws(pi, n, 5);
      const pf = pfOdeLogDensity(exactField(pi), x, n, d, { t0, T, steps: 64 });
      const logp = Float64Array.from({ length: n }, (_, k) => noisedJet(pi, t0, Array.from(x.subarray(k * d, (k + 1) * d))).logp);
      // the log-density error is RK4's plus p_T ≠ N(0, I) (e^{−5}-small); pointwise, not only on average
      const err = Math.max(...Array.from(pf.logDensity, (l, k) => Math.abs(l - (logp[k] as number))));
      assert.ok(err < 2e-3, `max |log ρ − log p_t₀| = ${err}`);
      // the exact model's NLL: −E_π log p_t₀ by quadrature = H(π) + KL(π ‖ p_t₀), the KL tiny at t₀ = 1e-3
      const ce = mixtureCrossEntropy(pi, noisedMixture(pi, t0));
      assert.ok(Math.abs(mixtureCrossEntropy(pi, pi) - H) < 1e-5, `entropy ${mixtureCrossEntropy(pi, pi)} vs ${H}`);
      assert.ok(ce > H && ce - H < 5e-4, `cross-entropy ${ce} vs H ${H}`);
      // the sample NLL through the ODE agrees with the quadrature within its standard error
      const nll = -mean(pf.logDensity);
      const sd = Math.sqrt(mean(Array.from(logp, (l) => (l + ce) ** 2)));
      assert.ok(Math.abs(nll - ce) < 3 * sd / Math.sqrt(n), `PF-ODE NLL ${nll} vs exact ${ce} (SE ${sd / Math.sqrt(n)})`);
      // R[log p_t] = 0: the residual integral vanishes along the exact paths
      assert.ok(Math.max(...Array.from(pf.residualIntegral, Math.abs)) < 2e-3, "∫R dt along the exact paths");
    });
  }

  it("RK4 on the warped grid converges: halving the step shrinks the log-density error ≥ 8x", () => {
    const pi = ring2d(), d = 2, n = 50;
    const x = draws(pi, n, 8);
    const logp = Array.from({ length: n }, (_, k) => noisedJet(pi, t0, [x[2 * k] as number, x[2 * k + 1] as number]).logp);
    const e = (steps: number): number => {
      const l = pfOdeLogDensity(exactField(pi), x, n, d, { t0, T, steps }).logDensity;
      return Math.max(...logp.map((v, k) => Math.abs((l[k] as number) - v)));
    };
    const e16 = e(16), e32 = e(32);
    assert.ok(e16 / e32 > 8, `errors ${e16} (16 steps), ${e32} (32 steps)`);
  });

  it("the likelihood-consistency identity holds for an untrained potential (whose ∫R is not small)", () => {
    const pi = bimodal1d(), n = 64;
    const p = scorePotential({ d: 1, T, hidden: [16, 16], seed: 4 });
    const x = draws(pi, n, 3);
    const pf = pfOdeLogDensity(potentialField(p), x, n, 1, { t0, T, steps: 64 });
    const psi0 = potentialValues(p, t0, x, n);
    const gap = mean(Array.from(pf.logDensity, (l, k) => Math.abs((psi0[k] as number) - l + (pf.residualIntegral[k] as number))));
    const size = mean(Array.from(pf.residualIntegral, Math.abs));
    assert.ok(size > 0.05, `∫R is non-trivial: ${size}`);
    assert.ok(gap < 1e-4, `identity gap ${gap} (∫R ~ ${size})`);
    p.dispose();
  });

  it("the terminal baseline does not move points: log ρ_t₀ = log N(0, I); samples stay N(0, I)", () => {
    const p = terminalPotential({ d: 2, T, hidden: [8], seed: 1 });
    const x = Float64Array.from([0.3, -1.1, 2.0, 0.5]);
    const pf = pfOdeLogDensity(potentialField(p), x, 2, 2, { t0, T, steps: 8 });
    [0, 1].forEach((k) => {
      const r2 = (x[2 * k] as number) ** 2 + (x[2 * k + 1] as number) ** 2;
      assert.ok(Math.abs((pf.logDensity[k] as number) - (-0.5 * r2 - Math.log(2 * Math.PI))) < 1e-5);
    });
    const s = pfOdeSample(potentialField(p), x, 2, 2, { t0, T, steps: 8 });
    s.forEach((v, i) => assert.ok(Math.abs(v - (x[i] as number)) < 1e-5));
    p.dispose();
  });

  it("the exact score's samples match the data: 1-D W₁ at the sampling floor, 2-D 8/8 modes", () => {
    const pi1 = bimodal1d(), n = 400;
    const s1 = pfOdeSample(exactField(pi1), rng(2).normalArray(n), n, 1, { t0, T, steps: 64 });
    const w = w1ToMixture1d(s1, pi1), floor = w1ToMixture1d(draws(pi1, n, 9), pi1);
    assert.ok(w < 2.5 * floor + 0.02, `W₁ ${w} vs data-draw floor ${floor}`);
    const pi2 = ring2d();
    const s2 = pfOdeSample(exactField(pi2), rng(3).normalArray(2 * n), n, 2, { t0, T, steps: 64 });
    const m = modeStats(s2, pi2);
    assert.equal(m.modesCovered, 8);
    assert.ok(m.quality > 0.96, `quality ${m.quality}`);
    assert.ok(Math.abs(m.meanLogLik + 2.4795) < 0.15, `mean log π ${m.meanLogLik}`);
  });
});
