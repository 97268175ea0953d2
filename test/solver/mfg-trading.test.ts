import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
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

  it("adversarial scheme at a quick budget (400 iterations): |q̄_T − 1.2612| and |v̄₀ + 4.9609| ≤ 3e-2 and ≤ 0.1", async () => {
    const ref = tradingReference2();
    const run = await mfg.solve(mfg.finiteHorizon(tradingSpec(TRADING2, ref)), { seed: 1, iterations: 400, lrDecay: 0.1 });
    const { qbarT, vbar0 } = tradingReadout(run);
    const mt = run.metrics();
    run.dispose();
    assert.ok(Math.abs(qbarT - ref.at(TRADING2.T).qbar) <= QUICK.qbar, `q̄_T = ${qbarT}`);
    assert.ok(Math.abs(vbar0 - ref.at(0).vbar) <= QUICK.vbar, `v̄₀ = ${vbar0}`);
    assert.ok(Math.abs(mt.vbar_0! - vbar0) < 1e-6, "metrics() reports the same v̄₀");
  });
});

/**
 * The targets, met already at the quick budget (seed 1 measured |q̄_T − ref| = 1.3e-3,
 * |v̄₀ − ref| = 4.6e-2); a solver that does not move m has |q̄_T − ref| ≈ 2.7.
 */
const QUICK = { qbar: 3e-2, vbar: 0.1 };
