import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
import { dgm, mlp } from "../../src/nets";
import { tradingReadout, tradingReference2, tradingSpec, TRADING2 } from "./mfg-fixtures";

describe("mfg: crowd trading posed through mfg.finiteHorizon (v̄ as a mean-field term)", function () {
  this.timeout(900_000);
  before(async () => {
    await initBackend();
  });

  it("the reference equilibrium (Riccati/shooting, src/trading) zeroes the spec's HJB residual, F = φq² − γv̄q", () => {
    const ref = tradingReference2();
    const p = mfg.finiteHorizon(tradingSpec(TRADING2, ref));
    const { kappa } = TRADING2;
    const rows: number[][] = [];
    for (const t of [0.1, 0.4, 0.7, 0.95]) for (const q of [1, 2.5, 4, 5.5]) rows.push([t, q]);
    // u = −(h₀ + h₁q − h₂q²/2) (the core's u is −u_paper); ∂ₜu by central differences of the reference in float64
    const uOf = (t: number, q: number) => -ref.u(t, q);
    const h = 1e-5;
    const col = (f: (t: number, q: number) => number) => tf.tensor2d(rows.map(([t, q]) => [f(t!, q!)]));
    const jet = {
      u: col(uOf),
      grad: col((t, q) => -2 * kappa * ref.vhat(t, q)),
      lap: col((t) => ref.at(t).h2),
      dt: col((t, q) => (uOf(t + h, q) - uOf(t - h, q)) / (2 * h)),
    };
    const x = tf.tensor2d(rows);
    const m = col((t, q) => ref.density(t, q));
    const mf = { vbar: col((t) => ref.at(t).vbar) };
    const r = mfg.hjbResidual(p, x, jet, { m, logm: tf.log(m) as tf.Tensor2D }, mf).dataSync();
    const worst = Math.max(...Array.from(r, Math.abs));
    assert.ok(worst < 1e-3, `HJB residual of the reference: ${worst}`);
    // the sign of γv̄q matters: with +γv̄q (problems.md §0's shorthand) the residual is O(10)
    const flipped = mfg.finiteHorizon({ ...p.spec, coupling: (xx, mm, lm, f) => tf.add(p.spec.coupling(xx, mm, lm, f), tf.mul(tf.mul(f.vbar as tf.Tensor2D, tf.slice(xx, [0, 1], [-1, 1])), 2 * TRADING2.gamma)) });
    const bad = mfg.hjbResidual(flipped, x, jet, { m, logm: tf.log(m) as tf.Tensor2D }, mf).dataSync();
    assert.ok(Math.max(...Array.from(bad, Math.abs)) > 1, "the flipped sign is detected");
  });

  it("adversarial scheme at a quick budget (MLP 3×32, 400 iterations; the DGM default's full budget is the bench's): |q̄_T − 1.2612| and |v̄₀ + 4.9609| ≤ 3e-2 and ≤ 0.1", async () => {
    const ref = tradingReference2();
    const run = await mfg.solve(mfg.finiteHorizon(tradingSpec(TRADING2, ref)), { seed: 1, iterations: 400, lrDecay: 0.1, net: "mlp" });
    const { qbarT, vbar0 } = tradingReadout(run, ref);
    const mt = run.metrics();
    run.dispose();
    assert.ok(Math.abs(qbarT - ref.at(TRADING2.T).qbar) <= QUICK.qbar, `q̄_T = ${qbarT}`);
    assert.ok(Math.abs(vbar0 - ref.at(0).vbar) <= QUICK.vbar, `v̄₀ = ${vbar0}`);
    assert.ok(Math.abs(mt.vbar_0! - vbar0) < 1e-6, "metrics() reports the same v̄₀");
  });

  it("tiny runs of both schemes: same seed → identical history, no tensor leaked per step, m normalised at every t", async () => {
    const p = mfg.finiteHorizon(tradingSpec(TRADING2));
    const tiny = { iterations: 4, nT: 4, nQ: 16, nA: 8, logEvery: 1 } as const;
    // what building and disposing the default nets alone leaves behind is src/nets' business
    const b0 = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) {
      mlp({ inDim: 2, timeInput: true, hidden: [32, 32, 32], seed: i }).dispose();
      dgm({ inDim: 2, timeInput: true, width: 32, layers: 1, seed: i }).dispose();
    }
    const residue = tf.memory().numTensors - b0;
    for (const scheme of ["adversarial", "joint"] as const) {
      const counts: number[] = [];
      const start = tf.memory().numTensors;
      const a = await mfg.solve(p, { ...tiny, scheme, seed: 3, onStep: () => counts.push(tf.memory().numTensors) });
      const b = await mfg.solve(p, { ...tiny, scheme, seed: 3 });
      const strip = (h: typeof a.history) => h.map(({ train_s: _t, ...rest }) => rest);
      assert.deepEqual(strip(a.history), strip(b.history), scheme);
      assert.ok(counts.slice(1).every((c) => c === counts[1]), `${scheme}: ${counts.join(", ")}`);
      // ∫ m(t, q) dq = 1 at t = 0, 0.5, 1 (midpoint rule on 400 cells)
      const n = 400, h = 8 / n;
      const x = tf.tensor2d([0, 0.5, 1].flatMap((t) => Array.from({ length: n }, (_, j) => [t, (j + 0.5) * h])));
      const mt = a.m(x);
      const m = mt.dataSync();
      for (let k = 0; k < 3; k++) {
        const mass = Array.from(m.slice(k * n, (k + 1) * n)).reduce((s, v) => s + v, 0) * h;
        assert.ok(Math.abs(mass - 1) < 1e-3, `${scheme}: mass ${mass} at time index ${k}`);
      }
      const u = a.u(x);
      assert.deepEqual(u.shape, [3 * n, 1]);
      tf.dispose([x, u, mt]);
      assert.throws(() => a.meanField("nope", [0]), /no mean-field term "nope"/);
      a.dispose();
      b.dispose();
      assert.equal(tf.memory().numTensors, start + residue, `${scheme}: tensors left after dispose`);
    }
    const asWritten = await mfg.solve(p, { ...tiny, terminal: "penalty", densityNorm: "none", nA: 0, lrDecay: 1, readout: "random", fpForm: "over-m" });
    assert.ok(Object.values(asWritten.history.at(-1)!).every(Number.isFinite));
    asWritten.dispose();
  });
});

/**
 * The targets, met already at the quick budget (seed 1 measured |q̄_T − ref| = 1.3e-3,
 * |v̄₀ − ref| = 4.6e-2); a solver that does not move m has |q̄_T − ref| ≈ 2.7.
 */
const QUICK = { qbar: 3e-2, vbar: 0.1 };
