import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { netF64 } from "../../src/nets";
import { bimodal1d, noisedJet, ring2d } from "../../src/problems";
import { dsmLoss, hjbPenalty, ouSigma, scoreHjbResidualTensor, scorePotential, terminalPotential, type ScorePotential } from "../../src/scores";

const T = 5;
const close = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

/** ψ in float64 from the net’s float64 copy: −|x|²/2 − (d/2)ln 2π + (1 − e^{−(T−t)}) N(ln(t + 1e-3), x) */
function psiF64(p: ScorePotential): (s: number[]) => number {
  const f = netF64(p.net);
  return (s) => {
    const x = s.slice(1);
    return -0.5 * x.reduce((a, v) => a + v * v, 0) - (x.length / 2) * Math.log(2 * Math.PI) + (1 - Math.exp(-(T - (s[0] as number)))) * f.u([Math.log((s[0] as number) + 1e-3), ...x]);
  };
}

/** ∇ψ, Δψ, ∂ₜψ by central differences in float64 */
function fdJet(psi: (s: number[]) => number, s: number[]): { grad: number[]; lap: number; dt: number } {
  const e = (c: number, h: number): number[] => s.map((v, k) => v + (k === c ? h : 0));
  const d = s.length - 1;
  const grad = Array.from({ length: d }, (_, i) => (psi(e(i + 1, 1e-5)) - psi(e(i + 1, -1e-5))) / 2e-5);
  let lap = 0;
  for (let i = 1; i <= d; i++) lap += (psi(e(i, 1e-3)) - 2 * psi(s) + psi(e(i, -1e-3))) / 1e-6;
  return { grad, lap, dt: (psi(e(0, 1e-5)) - psi(e(0, -1e-5))) / 2e-5 };
}

const ROWS: Record<number, number[][]> = {
  1: [[0.01, -1.7], [0.8, 0.3], [3.1, 2.2], [4.99, -0.4]],
  2: [[0.02, 1.1, -1.9], [1.3, -0.2, 0.5], [4.2, 2.5, 1.0]],
};

describe("scores: potential, DSM loss and HJB residual against float64 finite differences", () => {
  before(async () => { await initBackend(); });

  for (const d of [1, 2]) {
    it(`d = ${d}: ψ's jet, R[ψ], the DSM loss and the HJB penalty equal independent float64 code`, () => {
      const p = scorePotential({ d, T, hidden: [7, 5], seed: 3 });
      const psi = psiF64(p);
      const rows = ROWS[d] as number[][];
      const n = rows.length;
      const eps = rows.map((_, k) => Array.from({ length: d }, (_, i) => Math.sin(3 * k + i + 1)));
      const before = tf.memory().numTensors;
      const got = tf.tidy(() => {
        const s = tf.tensor2d(rows);
        const j = p.jet(s);
        const r = scoreHjbResidualTensor(j, tf.slice(s, [0, 1], [n, d]));
        const sigma = tf.tensor2d(rows.map((row) => [ouSigma(row[0] as number)]));
        return {
          u: j.u.dataSync(), grad: j.grad.dataSync(), lap: j.lap.dataSync(), dt: (j.dt as tf.Tensor2D).dataSync(), r: r.dataSync(),
          dsm: dsmLoss(j, sigma, tf.tensor2d(eps)).dataSync()[0] as number, hjb: hjbPenalty(r, sigma).dataSync()[0] as number,
        };
      });
      assert.equal(tf.memory().numTensors, before, "no tensor leaks");
      let dsm = 0, hjb = 0;
      rows.forEach((s, k) => {
        const fd = fdJet(psi, s);
        close(got.u[k] as number, psi(s), 2e-5, `u row ${k}`);
        fd.grad.forEach((g, i) => close(got.grad[k * d + i] as number, g, 2e-4, `∇ψ row ${k}`));
        close(got.lap[k] as number, fd.lap, 3e-3, `Δψ row ${k}`);
        close(got.dt[k] as number, fd.dt, 2e-4, `∂ₜψ row ${k}`);
        const x = s.slice(1);
        const R = fd.dt - fd.lap - x.reduce((a, v, i) => a + v * (fd.grad[i] as number), 0) - fd.grad.reduce((a, g) => a + g * g, 0) - d;
        close(got.r[k] as number, R, 5e-3, `R row ${k}`);
        const sg = ouSigma(s[0] as number);
        dsm += fd.grad.reduce((a, g, i) => a + (sg * g + (eps[k]?.[i] as number)) ** 2, 0) / n;
        hjb += (sg ** 4 * R * R) / n;
      });
      close(got.dsm, dsm, 1e-4 * Math.max(1, dsm), "DSM loss");
      close(got.hjb, hjb, 1e-3 * Math.max(1, hjb), "HJB penalty");
      p.dispose();
    });
  }

  it("the terminal condition is exact: ψ(T, ·) = log N(0, I) with ∇ = −x and Δ = −d for any weights", () => {
    for (const d of [1, 2]) {
      const p = scorePotential({ d, T, hidden: [8], seed: 9 });
      tf.tidy(() => p.net.vars.forEach((v, i) => v.assign(tf.add(v, tf.fill(v.shape, 0.3 + 0.1 * i)))));
      const x = [[0.5, -1.2, 2.0, 0.0].slice(0, d), [-2.5, 0.7, 1.1, 3.0].slice(0, d)];
      const j = tf.tidy(() => {
        const jj = p.jet(tf.tensor2d(x.map((r) => [T, ...r])));
        return { u: jj.u.dataSync(), g: jj.grad.dataSync(), l: jj.lap.dataSync(), inner: p.jet(tf.tensor2d(x.map((r) => [T - 0.5, ...r]))).u.dataSync() };
      });
      x.forEach((r, k) => {
        const r2 = r.reduce((a, v) => a + v * v, 0);
        close(j.u[k] as number, -0.5 * r2 - (d / 2) * Math.log(2 * Math.PI), 1e-5, `ψ(T) row ${k}`);
        r.forEach((v, i) => close(j.g[k * d + i] as number, -v, 1e-5, `∇ψ(T) row ${k}`));
        close(j.l[k] as number, -d, 1e-5, `Δψ(T) row ${k}`);
        // away from T the net contributes (the constraint is not trivially satisfied by a dead net)
        assert.ok(Math.abs((j.inner[k] as number) + 0.5 * r2 + (d / 2) * Math.log(2 * Math.PI)) > 1e-3, "the net is live at t < T");
      });
      p.dispose();
    }
  });

  it("R vanishes for the exact log p_t and for the terminal baseline ψ ≡ log N(0, I)", () => {
    for (const pi of [bimodal1d(), ring2d()]) {
      const d = pi.means[0]!.length;
      const pts = [[0.05, 0.3, -1.2], [0.7, -1.9, 0.4], [2.5, 1.0, 1.0]].map((r) => r.slice(0, d + 1));
      const jets = pts.map((s) => noisedJet(pi, s[0] as number, s.slice(1)));
      const r = tf.tidy(() => scoreHjbResidualTensor({
        u: tf.tensor2d(jets.map((j) => [j.logp])), grad: tf.tensor2d(jets.map((j) => j.score)),
        lap: tf.tensor2d(jets.map((j) => [j.lap])), dt: tf.tensor2d(jets.map((j) => [j.dt])),
      }, tf.tensor2d(pts.map((s) => s.slice(1)))).dataSync());
      r.forEach((v, k) => close(v, 0, 2e-4 * Math.max(1, Math.abs(jets[k]!.lap)), `R[log p_t] row ${k}`));
      const base = terminalPotential({ d, T, hidden: [6], seed: 2 });
      const rb = tf.tidy(() => { const s = tf.tensor2d(pts); return scoreHjbResidualTensor(base.jet(s), tf.slice(s, [0, 1], [pts.length, d])).dataSync(); });
      rb.forEach((v, k) => close(v, 0, 1e-5, `R[log N] row ${k}`));
      base.dispose();
    }
  });

  it("rejects bad options naming the field", () => {
    assert.throws(() => scorePotential({ d: 0, T, hidden: [4], seed: 1 }), /scorePotential: d must be a positive integer/);
    assert.throws(() => scorePotential({ d: 1, T: -1, hidden: [4], seed: 1 }), /scorePotential: T must be finite and > 0/);
    const p = scorePotential({ d: 2, T, hidden: [4], seed: 1 });
    assert.throws(() => p.jet(tf.zeros([3, 2]) as tf.Tensor2D), /rows must be \(t, x\) with 3 columns/);
    p.dispose();
  });
});
