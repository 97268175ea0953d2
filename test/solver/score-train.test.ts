import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { bimodal1d } from "../../src/problems";
import { noiseBatch, trainScore, type ScoreTrainOptions } from "../../src/scores";
import { rng } from "../../src/random";

const base: ScoreTrainOptions = {
  data: bimodal1d(), t0: 1e-3, T: 5, gamma: 0, regime: "fresh", trainSize: 16, hidden: [8, 8],
  steps: 50, batch: 128, lr: 1e-2, seed: 7, logEvery: 1,
};

describe("scores: B0/B1 training on the generic loop", () => {
  before(async () => { await initBackend(); });

  it("the noised batch: x_t = e^{−t}x₀ + σ_t ε, t in [t₀, T] stratified", () => {
    const x0 = tf.tensor2d([[1], [-2], [0.5], [3]]);
    const b = noiseBatch(x0, rng(1), 0.01, 5);
    const s = b.s.arraySync(), e = b.eps.arraySync(), sg = b.sigma.arraySync();
    const ts = s.map((r) => r[0] as number).sort((a, c) => a - c);
    ts.forEach((t, k) => assert.ok(t >= 0.01 + (4.99 * k) / 4 - 1e-6 && t <= 0.01 + (4.99 * (k + 1)) / 4 + 1e-6, `stratum ${k}: ${t}`));
    s.forEach((r, k) => {
      const t = r[0] as number, x = [1, -2, 0.5, 3][k] as number;
      assert.ok(Math.abs((sg[k]?.[0] as number) - Math.sqrt(1 - Math.exp(-2 * t))) < 1e-6);
      assert.ok(Math.abs((r[1] as number) - (Math.exp(-t) * x + (sg[k]?.[0] as number) * (e[k]?.[0] as number))) < 1e-5);
    });
    tf.dispose([x0, b.s, b.eps, b.sigma]);
  });

  for (const [name, o] of [["B0 fresh", base], ["B1 fixed", { ...base, gamma: 1, regime: "fixed" as const }]] as const) {
    it(`${name}: the loss falls, no tensor leaks, and the same seed repeats the run bit for bit`, () => {
      const before = tf.memory().numTensors;
      const a = trainScore(o);
      // single batches are noisy: the mean of the first and the last ten steps
      const h = a.train.history.map((r) => r.total as number);
      const avg = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
      assert.ok(avg(h.slice(-10)) < 0.9 * avg(h.slice(0, 10)), `loss ${avg(h.slice(0, 10))} -> ${avg(h.slice(-10))}`);
      assert.equal(a.trainSet?.length, o.regime === "fixed" ? o.trainSize : undefined);
      const b = trainScore(o);
      assert.deepEqual(b.train.history.map((r) => r.total), a.train.history.map((r) => r.total));
      a.potential.dispose();
      b.potential.dispose();
      assert.equal(tf.memory().numTensors, before, "tensors after training and disposal");
    });
  }

  it("rejects bad options naming the field", () => {
    assert.throws(() => trainScore({ ...base, gamma: -1 }), /trainScore: gamma must be finite and >= 0/);
    assert.throws(() => trainScore({ ...base, regime: "stale" as never }), /trainScore: regime must be "fresh" or "fixed"/);
    assert.throws(() => trainScore({ ...base, batch: 0 }), /trainScore: batch must be a positive integer/);
  });
});
