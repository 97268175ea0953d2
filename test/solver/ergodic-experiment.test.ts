import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { dgm } from "../../src/nets";
import { runErgodicCase, torusLine, zeroReadout } from "../../src/ergodic";

describe("ergodic MFG: experiment helpers (DGM nets)", () => {
  before(async () => {
    await initBackend();
  });

  it("torusLine: points of anchor + t·direction wrapped into [0,1)", () => {
    const { t, x } = torusLine([0.5, 0.9], [1, 1], 5);
    const a = x.arraySync();
    x.dispose();
    assert.deepEqual(t, [0, 0.25, 0.5, 0.75, 1]);
    const expect = [[0.5, 0.9], [0.75, 0.15], [0, 0.4], [0.25, 0.65], [0.5, 0.9]];
    a.forEach((row, k) => row.forEach((v, i) => assert.ok(Math.abs(v - expect[k]![i]!) < 1e-6, `point ${k} coord ${i}: ${v}`)));
    assert.throws(() => torusLine([0, 0], [1], 5), /direction has 1 entries/);
  });

  it("zeroReadout makes a DGM net identically zero with a zero jet", () => {
    const net = dgm({ inDim: 3, periodic: true, width: 8, layers: 1, seed: 4 });
    const x = tf.randomUniform([16, 3], 0, 1, "float32", 1) as tf.Tensor2D;
    const before = net.apply(x);
    assert.ok(tf.tidy(() => tf.max(tf.abs(before))).dataSync()[0]! > 0);
    zeroReadout(net);
    const j = net.jet(x);
    for (const t of [j.u, j.grad, j.lap]) assert.equal(tf.tidy(() => tf.max(tf.abs(t))).dataSync()[0], 0);
    tf.dispose([x, before, j.u, j.grad, j.lap]);
    net.dispose();
  });

  it("runErgodicCase trains DGM players, returns the history, and dispose frees everything", () => {
    // what building and disposing the two nets alone leaves behind (src/nets' business, not ours)
    const base = tf.memory().numTensors;
    for (const seed of [2, 3]) dgm({ inDim: 2, periodic: true, width: 8, layers: 1, seed }).dispose();
    const netResidue = tf.memory().numTensors - base;
    const start = tf.memory().numTensors + netResidue;
    const run = runErgodicCase({ d: 2, c: 0.5, width: 8, layers: 1, config: { iterations: 6, evalEvery: 3, batch: 32, zSamples: 64, evalPoints: 256 } });
    assert.deepEqual(run.history.map((r) => r.iteration), [3, 6]);
    for (const r of run.history) assert.ok(Number.isFinite(r.relL2U) && Number.isFinite(r.relL2M) && r.msPerIteration > 0);
    run.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});
