import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { NonFiniteLossError, adamPlayer, sgdPlayer, type OptimizerPlayer } from "../../src/train";

describe("train: SGD player", () => {
  before(async () => {
    await initBackend();
  });

  // L(θ) = Σ (θ − c)², ∇L = 2(θ − c)
  const c = [0.5, -2, 3];
  const quadratic = (theta: tf.Variable) => () => {
    const sq = tf.sum(tf.square(tf.sub(theta, tf.tensor1d(c)))) as tf.Scalar;
    return { total: sq, terms: { sq } };
  };

  it("steps θ ← θ − lr ∇L on its own variables, with a settable rate; returns the loss before the step", () => {
    const theta = tf.variable(tf.tensor1d([1, 1, 1]));
    const other = tf.variable(tf.tensor1d([7]));
    const p = sgdPlayer({ name: "q", vars: [theta], lr: 0.1 });
    const l0 = p.step(quadratic(theta), 0);
    assert.ok(Math.abs(l0.total! - (0.25 + 9 + 4)) < 1e-5 && l0.sq === l0.total);
    let want = [1, 1, 1].map((t, i) => t - 0.1 * 2 * (t - c[i]!));
    Array.from(theta.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-6, `${v} vs ${want[i]}`));
    p.setLearningRate(0.25);
    assert.equal(p.lr, 0.25);
    const before = Array.from(theta.dataSync());
    p.step(quadratic(theta), 1);
    want = before.map((t, i) => t - 0.25 * 2 * (t - c[i]!));
    Array.from(theta.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-6, `${v} vs ${want[i]}`));
    assert.deepEqual(Array.from(other.dataSync()), [7]);
    const n0 = tf.memory().numTensors;
    p.step(quadratic(theta), 2);
    assert.equal(tf.memory().numTensors, n0);
    p.dispose();
    tf.dispose([theta, other]);
  });

  it("names the step, the term and the player of a non-finite loss; rejects bad rates and empty vars", () => {
    const theta = tf.variable(tf.tensor1d([NaN, 0, 0]));
    const p = sgdPlayer({ name: "generator", vars: [theta], lr: 0.1 });
    assert.throws(() => p.step(quadratic(theta), 4),
      (e: unknown) => e instanceof NonFiniteLossError && e.step === 4 && e.term === "sq" && e.player === "generator");
    assert.throws(() => p.setLearningRate(0), /player "generator": lr must be finite and > 0, got 0/);
    assert.throws(() => sgdPlayer({ vars: [theta], lr: -1 }), /lr must be finite and > 0, got -1/);
    assert.throws(() => sgdPlayer({ name: "x", vars: [], lr: 1 }), /player "x": vars is empty/);
    p.dispose();
    theta.dispose();
  });

  it("an Adam player is an OptimizerPlayer too (the code that steps players takes either)", () => {
    const theta = tf.variable(tf.tensor1d([1, 1, 1]));
    const players: OptimizerPlayer[] = [adamPlayer({ vars: [theta], lr: 0.01 }), sgdPlayer({ vars: [theta], lr: 0.01 })];
    for (const p of players) assert.ok(Number.isFinite(p.step(quadratic(theta), 0).total!));
    players.forEach((p) => p.dispose());
    theta.dispose();
  });
});
