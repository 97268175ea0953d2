import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { frameToCsv } from "../../src/frames";
import { rng } from "../../src/random";
import { uniformBox } from "../../src/sampling";
import {
  NonFiniteLossError, adamPlayer, exponentialLr, fit, prefixLogs, resolveLoopConfig, runLoop,
} from "../../src/train";

describe("train", () => {
  before(async () => {
    await initBackend();
  });

  it("fit decreases a quadratic to its minimum and returns history rows and a frame", () => {
    const w = tf.variable(tf.tensor1d([3, -2]));
    const target = tf.tensor1d([1, 0.5]);
    const seen: number[] = [];
    const res = fit({
      vars: [w],
      loss: () => ({ total: tf.sum(tf.square(tf.sub(w, target))) }),
      steps: 400, lr: 0.05, lrFinal: 0.005, logEvery: 50,
      onStep: (i, logs) => {
        assert.equal(typeof logs.total, "number");
        seen.push(i);
      },
    });
    const final = Array.from(w.dataSync());
    assert.ok(Math.abs(final[0]! - 1) < 1e-3 && Math.abs(final[1]! - 0.5) < 1e-3, `w = ${final}`);
    assert.equal(seen.length, 400);
    assert.deepEqual(res.history.map((r) => r.step), [0, 50, 100, 150, 200, 250, 300, 350, 399]);
    assert.ok(res.history[0]!.total! > 10 && res.final.total! < 1e-5, `loss ${res.history[0]!.total} -> ${res.final.total}`);
    assert.ok(Math.abs(res.history[0]!.lr! - 0.05) < 1e-12 && Math.abs(res.final.lr! - 0.005) < 1e-12);
    assert.deepEqual(res.frame.shape, [9, 4]);
    assert.match(frameToCsv(res.frame).split("\n")[0]!, /^step,total,lr,time_s/);
    w.dispose();
    target.dispose();
  });

  it("a non-finite term throws an Error naming the step and the term", () => {
    const w = tf.variable(tf.scalar(1));
    assert.throws(
      () => fit({
        vars: [w],
        steps: 10,
        loss: ({ step }) => {
          const fine = tf.square(w) as tf.Scalar;
          const bad = (step === 3 ? tf.log(tf.sub(w, 5)) : tf.mul(w, 0)) as tf.Scalar;
          return { total: tf.add(fine, bad) as tf.Scalar, terms: { fit: fine, barrier: bad } };
        },
      }),
      (e: unknown) => e instanceof NonFiniteLossError && /step 3/.test(e.message) && /"barrier"/.test(e.message)
        && e.step === 3 && e.term === "barrier",
    );
    w.dispose();
  });

  it("a training step leaves tf.memory().numTensors unchanged (fresh samples inside the step)", () => {
    const w = tf.variable(tf.randomNormal([2, 1], 0, 1, "float32", 1));
    const p = adamPlayer({ name: "lin", vars: [w], lr: 1e-2 });
    const loss = (seed: number) => () => {
      const x = uniformBox(rng(seed), 8, [0, 0], [1, 1]);
      const r = tf.sum(tf.square(tf.matMul(x, w))) as tf.Scalar;
      return { total: r, terms: { r } };
    };
    p.step(loss(3), 0); // Adam creates its moment slots on the first step
    const before = tf.memory().numTensors;
    const logs = p.step(loss(5), 1);
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(Object.keys(logs), ["total", "r"]);
    p.dispose();
    w.dispose();
  });

  it("players alternate GAN-style from the same pieces, each over its own variables", () => {
    // min_x max_y  x·y − y²/2 + x²/2 : saddle at (0, 0); each player must only move its own variable
    const x = tf.variable(tf.scalar(1)), y = tf.variable(tf.scalar(-1));
    const px = adamPlayer({ name: "x", vars: [x], lr: 0.05 });
    const py = adamPlayer({ name: "y", vars: [y], lr: 0.05 });
    const payoff = (): tf.Scalar => tf.add(tf.sub(tf.mul(x, y), tf.div(tf.square(y), 2)), tf.div(tf.square(x), 2)) as tf.Scalar;
    const res = runLoop({ steps: 300, seed: 1, logEvery: 100 }, (i, ctx) => {
      px.setLearningRate(0.05 * ctx.lrFactor);
      const a = px.step(() => ({ total: payoff() }), i);
      const yBefore = y.dataSync()[0];
      const b = py.step(() => ({ total: tf.neg(payoff()) as tf.Scalar }), i);
      assert.notEqual(y.dataSync()[0], yBefore);
      return { ...prefixLogs("x", a), ...prefixLogs("y", b) };
    });
    assert.ok(Math.abs(x.dataSync()[0]!) < 0.05 && Math.abs(y.dataSync()[0]!) < 0.05, `(${x.dataSync()}, ${y.dataSync()})`);
    assert.ok("x.total" in res.final && "y.total" in res.final);
    px.dispose(); py.dispose(); x.dispose(); y.dispose();
  });

  it("config defaults, schedules and validation", () => {
    const c = resolveLoopConfig({});
    assert.deepEqual([c.seed, c.steps, c.lr, c.logEvery], [0, 1000, 1e-3, 100]);
    assert.throws(() => resolveLoopConfig({ steps: 0 }), /steps must be a positive integer/);
    assert.throws(() => resolveLoopConfig({ lr: -1 }), /lr must be finite and > 0/);
    const s = exponentialLr(1e-2, 1e-4, 3);
    assert.ok(Math.abs(s(0) - 1e-2) < 1e-15 && Math.abs(s(1) - 1e-3) < 1e-15 && Math.abs(s(2) - 1e-4) < 1e-15);
    const h = exponentialLr(1e-2, 1e-4, 11, 0.5);
    for (let i = 0; i <= 5; i++) assert.equal(h(i), 1e-2);
    assert.ok(Math.abs(h(8) - 1e-2 * Math.pow(1e-2, 3 / 5)) < 1e-15 && Math.abs(h(10) - 1e-4) < 1e-15);
    assert.throws(() => resolveLoopConfig({ lrHold: 1 }), /lrHold must be in \[0, 1\)/);
    assert.throws(() => adamPlayer({ vars: [] }), /vars is empty/);
  });
});
