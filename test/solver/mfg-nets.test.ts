import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
import { dgm, mlp } from "../../src/nets";

describe("mfg: the players' nets", () => {
  before(async () => {
    await initBackend();
  });

  it("zeroReadout makes a DGM or MLP net identically zero with a zero jet", () => {
    for (const net of [dgm({ inDim: 3, periodic: true, width: 8, layers: 1, seed: 4 }), mlp({ inDim: 3, hidden: [8, 8], seed: 5 })]) {
      const x = tf.randomUniform([16, 3], 0, 1, "float32", 1) as tf.Tensor2D;
      const before = net.apply(x);
      assert.ok(tf.tidy(() => tf.max(tf.abs(before))).dataSync()[0]! > 0);
      mfg.zeroReadout(net);
      const j = net.jet(x);
      for (const t of [j.u, j.grad, j.lap]) assert.equal(tf.tidy(() => tf.max(tf.abs(t))).dataSync()[0], 0);
      tf.dispose([x, before, j.u, j.grad, j.lap]);
      net.dispose();
    }
  });
});
