import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
import { tradingParams, tradingSpec } from "../../src/trading";
import { t2Spec } from "./mfg-fixtures";

/** −∂ₚH(x, ∇u) with ∇u by central differences of run.u in the space columns from `first` on. */
function controlByDifferences(run: mfg.MfgRun, rows: number[][], first: number, dpH: (p: number[]) => number[], h: number): number[][] {
  return rows.map((r) => {
    const grad = r.slice(first).map((_, i) => {
      const at = (s: number) => {
        const x = tf.tensor2d([r.map((v, k) => (k === first + i ? v + s : v))]);
        const u = run.u(x);
        const out = u.dataSync()[0] as number;
        tf.dispose([x, u]);
        return out;
      };
      return (at(h) - at(-h)) / (2 * h);
    });
    return dpH(grad).map((v) => -v);
  });
}

describe("mfg: run.control(x) is the equilibrium feedback −∂ₚH(x, ∇u(x))", function () {
  this.timeout(120_000);
  before(async () => {
    await initBackend();
  });
  it("finite horizon (crowd trading: v̂ = −∂_q u/(2κ)) and ergodic (T², H = |p|²), against differences of run.u", async () => {
    const p = tradingParams();
    const cases = [
      { problem: mfg.finiteHorizon(tradingSpec(p)), rows: [[0.1, 3.5], [0.5, 4.2], [0.9, 2.0]], first: 1, dpH: (g: number[]) => g.map((v) => v / (2 * p.kappa)), h: 1e-2 },
      { problem: mfg.ergodic(t2Spec()), rows: [[0.1, 0.7], [0.45, 0.2], [0.8, 0.55]], first: 0, dpH: (g: number[]) => g.map((v) => 2 * v), h: 1e-3 },
    ];
    for (const c of cases) {
      const run = await mfg.solve(c.problem, { iterations: 3, seed: 2, readout: "random", batch: 64, zSamples: 256, nT: 4, nQ: 16, nA: 8, evalPoints: 256 });
      const x = tf.tensor2d(c.rows);
      const got = run.control(x);
      assert.deepEqual(got.shape, [c.rows.length, c.problem.d]);
      const v = Array.from(got.dataSync());
      const want = controlByDifferences(run, c.rows, c.first, c.dpH, c.h).flat();
      const scale = Math.max(...want.map(Math.abs));
      assert.ok(scale > 1e-2, `${c.problem.kind}: the control is not trivially 0 (${scale})`);
      v.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) < 2e-3 * Math.max(1, scale), `${c.problem.kind} row ${i}: ${g} vs differences ${want[i]}`));
      tf.dispose([x, got]);
      run.dispose();
    }
  });
});
