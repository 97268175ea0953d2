import { strict as assert } from "node:assert";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
import { oneAtATime } from "../../src/config";
import { asWrittenRecipe, ergodicLambda, ergodicTorusSpec, stabiliserAblations, stabilisedRecipe, trivialRelL2M } from "../../src/ergodic";
import { firstReach, tailStats } from "../../src/metrics";

describe("ergodic recipes: Algorithm 1 as written, the stabilised scheme, ablations and baselines", function () {
  this.timeout(120_000);
  before(async () => {
    await initBackend();
  });

  it("each ablation switches exactly one stabiliser to its as-written value", () => {
    const s = stabilisedRecipe(100, 0.03);
    const rows = stabiliserAblations(s);
    assert.deepEqual(rows.map((r) => r.factor), ["fpForm", "lambdaScale", "lrDecay", "readout"]);
    for (const { factor, recipe } of rows) {
      for (const k of Object.keys(s) as (keyof typeof s)[]) {
        assert.equal(recipe[k], k === factor ? asWrittenRecipe[k] : s[k], `${factor}: ${k}`);
      }
    }
    assert.deepEqual(oneAtATime(s, s), []);
    assert.deepEqual(asWrittenRecipe, { fpForm: "plain", lambdaScale: 1, lrDecay: 1, readout: "random" });
  });

  it("rejects a stabilised recipe that is not stabilised, naming the field", () => {
    assert.throws(() => stabilisedRecipe(100, 1), /stabilisedRecipe: lrDecay must be in \(0, 1\), got 1/);
    assert.throws(() => stabilisedRecipe(0, 0.03), /stabilisedRecipe: lambdaScale must be finite and > 0, got 0/);
  });

  it("trivial rel L2 of m ≡ 1 in closed form: 0.42 at d = 10, c = 0.1 (the referee's E m*² = 1.217), 0.73 at c = 0.2", () => {
    assert.ok(Math.abs(trivialRelL2M(10, 0.1) - Math.sqrt(1 - 1 / 1.217)) < 1e-3);
    assert.ok(trivialRelL2M(10, 0.2) >= 0.7 && trivialRelL2M(10, 0.2) < 0.73);
    assert.ok(trivialRelL2M(10, 0.18) < 0.7);
  });

  it("zero read-out nets at initialisation are the trivial baseline: rel L2 u = 1, m ≡ 1 (closed form within Monte Carlo), λ = 0", () => {
    for (const [d, c] of [[1, 1], [10, 0.2]] as const) {
      const m = mfg.metricsAtInit(mfg.ergodic(ergodicTorusSpec({ d, c })), { seed: 3, readout: "zero", evalPoints: 8192 });
      assert.equal(m.rel_l2_u, 1);
      assert.ok(Math.abs(m.rel_l2_m! - trivialRelL2M(d, c)) < 0.03, `d=${d}: ${m.rel_l2_m} vs ${trivialRelL2M(d, c)}`);
      assert.ok(Math.abs(m.lambda_abs_error! - ergodicLambda(d, c)) < 1e-6);
    }
  });

  it("random nets at initialisation: deterministic per seed, different across seeds and from the trivial baseline", () => {
    const p = mfg.ergodic(ergodicTorusSpec({ d: 1, c: 1 }));
    const a = mfg.metricsAtInit(p, { seed: 3, readout: "random" });
    assert.deepEqual(mfg.metricsAtInit(p, { seed: 3, readout: "random" }), a);
    assert.notEqual(mfg.metricsAtInit(p, { seed: 4, readout: "random" }).rel_l2_u, a.rel_l2_u);
    assert.notEqual(a.rel_l2_u, 1);
    assert.throws(() => mfg.metricsAtInit({ kind: "finite-horizon" } as never), /metricsAtInit: problem must come from mfg.ergodic/);
  });

  it("firstReach: the first row where every column is at or below the threshold", () => {
    const rows = [{ i: 1, a: 0.5, b: 0.01 }, { i: 2, a: 0.01, b: 0.02 }, { i: 3, a: 0.01, b: 0.01 }, { i: 4, a: 0.001, b: 0.001 }];
    assert.equal(firstReach(rows, ["a", "b"], 0.01)?.i, 3);
    assert.equal(firstReach(rows, ["a"], 0.01)?.i, 2);
    assert.equal(firstReach(rows, ["a", "b"], 1e-4), undefined);
    assert.equal(firstReach([{ i: 1 }, { i: 2, a: 0 }], ["a"], 0)?.i, 2);
    assert.throws(() => firstReach(rows, [], 0.1), /columns is empty/);
  });

  it("tailStats: mean and std of the last 20 % of a curve", () => {
    const t = tailStats([9, 9, 9, 9, 9, 9, 9, 9, 1, 3]);
    assert.deepEqual(t, { mean: 2, std: 1, n: 2 });
    assert.deepEqual(tailStats([5]), { mean: 5, std: 0, n: 1 });
    assert.throws(() => tailStats([]), /values is empty/);
    assert.throws(() => tailStats([1], 0), /fraction must be in/);
  });
});
