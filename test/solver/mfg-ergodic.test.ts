import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
import { dgm } from "../../src/nets";
import { t2Spec } from "./mfg-fixtures";

const tiny = { iterations: 4, batch: 32, zSamples: 64, evalPoints: 256, logEvery: 1 } as const;

/** History rows without the wall-clock column. */
const numbers = (rows: readonly Record<string, number>[]) => rows.map(({ train_s: _t, ...rest }) => rest);

describe("mfg: ergodic problems solved by the core (T², H = |p|², ν = 0.4, log coupling)", function () {
  this.timeout(900_000);
  before(async () => {
    await initBackend();
  });

  // quick budgets decay the learning rates to ×0.1 instead of the default ×0.01 (meant for ≥ 500 iterations)
  it("adversarial scheme: rel L2 u ≤ 2e-2, m ≤ 5e-2, |λ − λ*| ≤ 1e-2 at a quick budget (120 iterations)", async () => {
    const run = await mfg.solve(mfg.ergodic(t2Spec()), { scheme: "adversarial", seed: 1, iterations: 120, lrDecay: 0.1 });
    const m = run.metrics();
    run.dispose();
    assert.ok(m.rel_l2_u! <= 2e-2, `rel_l2_u ${m.rel_l2_u}`);
    assert.ok(m.rel_l2_m! <= 5e-2, `rel_l2_m ${m.rel_l2_m}`);
    assert.ok(m.lambda_abs_error! <= 1e-2, `lambda_abs_error ${m.lambda_abs_error}`);
  });

  it("joint scheme: rel L2 u ≤ 3e-2, m ≤ 5e-2, |λ − λ*| ≤ 0.1 at a quick budget (200 iterations)", async () => {
    const run = await mfg.solve(mfg.ergodic(t2Spec()), { scheme: "joint", seed: 1, iterations: 200, lrDecay: 0.1 });
    const m = run.metrics();
    run.dispose();
    assert.ok(m.rel_l2_u! <= 3e-2, `rel_l2_u ${m.rel_l2_u}`);
    assert.ok(m.rel_l2_m! <= 5e-2, `rel_l2_m ${m.rel_l2_m}`);
    assert.ok(m.lambda_abs_error! <= 0.1, `lambda_abs_error ${m.lambda_abs_error}`);
  });

  it("the same seed gives an identical history; another seed a different one", async () => {
    const p = mfg.ergodic(t2Spec());
    const go = async (seed: number, scheme: "adversarial" | "joint") => {
      const run = await mfg.solve(p, { ...tiny, seed, scheme });
      const h = numbers(run.history);
      run.dispose();
      return h;
    };
    for (const scheme of ["adversarial", "joint"] as const) {
      const a = await go(7, scheme);
      assert.equal(a.length, 4);
      assert.deepEqual(await go(7, scheme), a);
      assert.notDeepEqual(await go(8, scheme), a);
    }
  });

  it("leaks no tensor per step, and dispose frees what the solver built (never the caller's nets)", async () => {
    const p = mfg.ergodic(t2Spec());
    // what building and disposing two default nets leaves behind is src/nets' business
    const b0 = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) dgm({ inDim: 2, periodic: true, width: 32, layers: 1, seed: i }).dispose();
    const residue = tf.memory().numTensors - b0;
    for (const scheme of ["adversarial", "joint"] as const) {
      const start = tf.memory().numTensors;
      const counts: number[] = [];
      const run = await mfg.solve(p, { ...tiny, iterations: 6, scheme, onStep: () => counts.push(tf.memory().numTensors) });
      assert.ok(counts.slice(1).every((c) => c === counts[1]), `${scheme}: tensors per step ${counts.join(", ")}`);
      const x = tf.randomUniform([8, 2]) as tf.Tensor2D;
      const [u, m] = [run.u(x), run.m(x)];
      assert.deepEqual(u.shape, [8, 1]);
      assert.deepEqual(m.shape, [8, 1]);
      tf.dispose([x, u, m]);
      run.metrics();
      run.dispose();
      assert.equal(tf.memory().numTensors, start + residue, scheme);
    }
    const value = dgm({ inDim: 2, periodic: true, width: 8, layers: 1, seed: 3 });
    const run = await mfg.solve(p, { ...tiny, value });
    run.dispose();
    assert.ok(!value.vars[0]!.isDisposed, "the caller's net is not disposed");
    value.dispose();
  });

  it("the as-written settings are one option away and run", async () => {
    const run = await mfg.solve(mfg.ergodic(t2Spec()), {
      ...tiny, fpForm: "plain", lambdaScale: 1, lrDecay: 1, readout: "random", logZ: "quadrature", collocation: "latin", kU: 1, kM: 3,
    });
    const last = run.history.at(-1)!;
    run.dispose();
    assert.ok(Number.isFinite(last["m.fp"]) && Number.isFinite(last["u.hjb"]) && Number.isFinite(last.lambda));
    assert.equal(last.lrU, 1e-2, "lrDecay 1 keeps the learning rate constant");
  });
});
