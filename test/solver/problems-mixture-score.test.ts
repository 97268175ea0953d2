import { strict as assert } from "node:assert";
import { bimodal1d, noisedJet, noisedMixture, ring2d, scoreHjbResidual } from "../../src/problems";
import { type IsoMixture } from "../../src/domains";

const close = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
const mixtures: [string, IsoMixture][] = [["bimodal 1-D", bimodal1d()], ["ring 2-D", ring2d()],
  ["unequal 2-D", { weights: [0.3, 0.7], means: [[1, -1], [-0.5, 2]], stds: [0.4, 1.3] }]];

describe("problems: OU-noised Gaussian mixtures (§6B)", () => {
  for (const [name, pi] of mixtures) {
    it(`${name}: score, Laplacian, ∂ₜ by finite differences, and R[log p_t] = 0`, () => {
      const d = pi.means[0]!.length;
      const lp = (t: number, x: number[]): number => noisedJet(pi, t, x).logp;
      const h = 1e-4;
      for (const t of [0.05, 0.5, 2]) {
        for (const x of [Array(d).fill(0.3), Array.from({ length: d }, (_, i) => 1.7 - i)]) {
          const j = noisedJet(pi, t, x);
          const e = (i: number, s: number) => x.map((v, k) => v + (k === i ? s : 0));
          let lap = 0;
          for (let i = 0; i < d; i++) {
            close(j.score[i] as number, (lp(t, e(i, h)) - lp(t, e(i, -h))) / (2 * h), 1e-6, `score ${i}`);
            lap += (lp(t, e(i, 1e-3)) - 2 * j.logp + lp(t, e(i, -1e-3))) / 1e-6;
          }
          close(j.lap, lap, 1e-4, "Laplacian");
          const dt = (lp(t + h, x) - lp(t - h, x)) / (2 * h);
          close(j.dt, dt, 1e-5 * Math.max(1, Math.abs(dt)), "∂ₜ");
          // R with every part from finite differences (independent of the closed-form ∂ₜ)
          close(scoreHjbResidual(x, { dt, lap, score: j.score }), 0, 1e-3, `R at t=${t}`);
          close(scoreHjbResidual(x, j), 0, 1e-9, `closed-form R at t=${t}`);
        }
      }
    });
  }

  it("p_t integrates to 1, tends to N(0, I), and the 1-D data entropy is 1.4186", () => {
    const pi = bimodal1d();
    let mass = 0, ent = 0;
    const dx = 1e-3;
    for (let x = -8; x <= 8; x += dx) {
      const l = noisedJet(pi, 0, [x]).logp;
      mass += Math.exp(l) * dx;
      ent -= Math.exp(l) * l * dx;
    }
    close(mass, 1, 1e-9, "mass");
    // two modes 8 std apart: ln 2 + ½ ln(2πe·0.25) up to a negligible overlap. (problems.md quotes 1.4186,
    // 2.4e-4 below this; the quadrature agrees with the separated-mode value.)
    const separated = Math.log(2) + 0.5 * Math.log(2 * Math.PI * Math.E * 0.25);
    assert.ok(ent <= separated && ent > separated - 2e-4, `entropy ${ent} vs separated-mode bound ${separated}`);
    close(ent, 1.4186, 5e-4, "entropy vs problems.md");
    const far = noisedMixture(pi, 20);
    close(noisedJet(far, 0, [0.5]).logp, -0.5 * Math.log(2 * Math.PI) - 0.125, 1e-12, "N(0,1) at T=20");
  });

  it("rejects bad mixtures naming the field", () => {
    assert.throws(() => noisedJet({ weights: [0.5, 0.6], means: [[0], [1]], stds: [1, 1] }, 1, [0]), /sum to 1/);
    assert.throws(() => noisedJet({ weights: [1], means: [[0]], stds: [0] }, 1, [0]), /stds\[0\]/);
    assert.throws(() => noisedJet(bimodal1d(), 1, [0, 1]), /length 1/);
  });
});
