import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { onnxMlpStep, sinSourceResidual, tanhRules, type ActivationRules, type AdamOptions, type OnnxStepOptions } from "../../src/engine/onnx";
import { mlp, type LabNet } from "../../src/nets";
import { rng } from "../../src/random";

/*
 * The ONNX training step (jet forward, hand-written reverse, fused Adam in one graph) against the
 * tfjs reference path on the same weights and x: net.jet + tf.variableGrads + tf.train.adam.
 * Tolerance, float32 (ε = 1.2e-7): both sides sum the same terms in different orders (MLAS vs
 * XNNPACK GEMMs, reductions over n = 64 points and widths 32), so a difference of a few hundred ε
 * times the quantity's scale is rounding: |ours − ref| ≤ 2e-5 · max(1, max|ref|) per quantity
 * (measured: ≤ ~1e-6). A wrong derivative rule is a relative error of the order of the rule's
 * error (5% planted below: ~1e-2), three orders above. Weights after t Adam steps: the update
 * is lr · m̂/(√v̂ + ε) with |m̂/√v̂| ≤ ~1, so a relative gradient error δ moves θ by ~δ·lr per
 * step, and each step rounds the update and θ + update (a few ulp of θ): |Δθ| ≤ t · (2e-5 · lr +
 * 4ε · max(1, max|θ|)) (measured: ≤ 4.3e-7 after 4 steps, ~1 ulp per step; limit 2.7e-6).
 */

const N = 64;
const LR = 1e-2;
const TOL = 2e-5;
const EPS32 = 2 ** -23;

interface Reference {
  readonly lap: Float32Array;
  readonly grad: Float32Array;
  readonly loss: number;
  readonly weightGrads: Float32Array[];
  /** weights after each of the Adam steps, [step][var] */
  readonly after: Float32Array[][];
}

function points(d: number): Float32Array {
  return Float32Array.from(rng(7).uniformArray(N * d, -1, 1));
}

function reference(net: LabNet, xs: Float32Array, steps: number): Reference {
  const x = tf.tensor2d(xs, [N, net.d]);
  const vars = net.vars as tf.Variable[];
  const lossFn = (): tf.Scalar => sinSourceResidual.tfjs(net.jet(x), x);
  const [lap, grad] = tf.tidy(() => {
    const j = net.jet(x);
    return [j.lap.dataSync() as Float32Array, j.grad.dataSync() as Float32Array];
  });
  const { value, grads } = tf.variableGrads(lossFn, vars);
  // a variable the loss does not read (the output bias: u is not in the residual) has no gradient
  const weightGrads = vars.map((v) => (grads[v.name]?.dataSync() as Float32Array | undefined) ?? new Float32Array(v.size));
  const loss = value.dataSync()[0] as number;
  value.dispose();
  tf.dispose(grads);
  const opt = tf.train.adam(LR);
  const after: Float32Array[][] = [];
  for (let s = 0; s < steps; s++) {
    opt.minimize(lossFn, false, vars);
    after.push(vars.map((v) => Float32Array.from(v.dataSync() as Float32Array)));
  }
  opt.dispose();
  x.dispose();
  return { lap, grad, loss, weightGrads, after };
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Names of the quantities where the ONNX step differs from the reference beyond the tolerance. */
async function mismatches(d: number, steps: number, activation?: ActivationRules, adam: AdamOptions = { lr: LR }): Promise<string[]> {
  const net = mlp({ inDim: d, hidden: [32, 32, 32], seed: 1 });
  const xs = points(d);
  const opts: OnnxStepOptions = { batch: N, loss: sinSourceResidual, adam, ...(activation ? { activation } : {}) };
  const step = await onnxMlpStep(net, opts);
  const ref = reference(net, xs, steps);
  const bad: string[] = [];
  const check = (name: string, ours: ArrayLike<number>, theirs: ArrayLike<number>, tol: number): void => {
    if (!(maxDiff(ours, theirs) <= tol)) bad.push(name);
  };
  const rel = (r: ArrayLike<number>): number => TOL * Math.max(1, maxAbs(r));
  for (let s = 0; s < steps; s++) {
    const out = await step.step(xs);
    if (s === 0) {
      check("lap", out.lap, ref.lap, rel(ref.lap));
      check("grad", out.grad, ref.grad, rel(ref.grad));
      check("loss", [out.loss], [ref.loss], rel([ref.loss]));
      out.weightGrads.forEach((g, i) => check(`dW${i}`, g, ref.weightGrads[i] as Float32Array, rel(ref.weightGrads[i] as Float32Array)));
    }
    const w = step.weightArrays();
    w.forEach((wi, i) => {
      const r = ref.after[s]?.[i] as Float32Array;
      check(`weights${i}@${s + 1}`, wi, r, (s + 1) * (TOL * LR + 4 * EPS32 * Math.max(1, maxAbs(r))));
    });
  }
  await step.release();
  net.dispose();
  return bad;
}

describe("engine/onnx: the MLP jet training step as one onnxruntime graph", function () {
  before(async () => {
    await initBackend("wasm");
  });

  for (const d of [10, 1]) {
    it(`d = ${d}: Δu, ∇u, the loss, every weight gradient and the weights after 1..4 Adam steps match tfjs`, async () => {
      assert.deepEqual(await mismatches(d, 4), []);
    });
  }

  it("a wrong tanh'' in the forward jet is caught (Δu, the loss and the gradients fail)", async () => {
    const wrong: ActivationRules = { ...tanhRules, d2: (g, a, p) => g.mul(g.scalar(0.95), tanhRules.d2(g, a, p)) };
    const bad = await mismatches(10, 1, wrong);
    for (const name of ["lap", "loss", "dW0", "dW4"]) assert.ok(bad.includes(name), `${name} not flagged: ${bad.join(", ")}`);
    assert.ok(!bad.includes("grad"), "∇u does not use tanh'': it must still match");
  });

  it("a wrong d(tanh'')/da in the reverse only is caught (weight gradients fail, the jet matches)", async () => {
    const wrong: ActivationRules = { ...tanhRules, d2DA: (g, a) => g.mul(g.scalar(0.95), tanhRules.d2DA(g, a)) };
    const bad = await mismatches(10, 1, wrong);
    assert.ok(bad.includes("dW0") && bad.includes("dW2"), `weight gradients not flagged: ${bad.join(", ")}`);
    for (const name of ["lap", "grad", "loss"]) assert.ok(!bad.includes(name), `${name} flagged, but the forward is right`);
  });

  it("a different Adam (ε = 1e-4 instead of tfjs's 1e-7) is caught in the weights after one step", async () => {
    const bad = await mismatches(10, 1, undefined, { lr: LR, epsilon: 1e-4 });
    assert.ok(bad.some((b) => b.startsWith("weights")), `weights not flagged: ${bad.join(", ")}`);
    assert.ok(!bad.includes("dW0") && !bad.includes("lap"), "the gradients and the jet do not depend on Adam");
  });

  for (const threads of [1, 2]) {
    it(`${threads} thread(s): two runs of 5 steps from the same start are bit-identical`, async () => {
      const run = async (): Promise<Float32Array[]> => {
        const net = mlp({ inDim: 10, hidden: [32, 32, 32], seed: 3 });
        const step = await onnxMlpStep(net, { batch: N, loss: sinSourceResidual, adam: { lr: LR }, threads });
        const xs = points(10);
        for (let s = 0; s < 5; s++) await step.step(xs);
        const w = step.weightArrays();
        await step.release();
        net.dispose();
        return w;
      };
      const [a, b] = [await run(), await run()];
      a.forEach((w, i) => assert.ok(Buffer.from(w.buffer, w.byteOffset, w.byteLength).equals(Buffer.from((b[i] as Float32Array).buffer, (b[i] as Float32Array).byteOffset, (b[i] as Float32Array).byteLength)), `var ${i} differs`));
    });
  }

  it("tfjs boundary: assignTo writes the weights into the net's variables; nothing leaks", async () => {
    const net = mlp({ inDim: 10, hidden: [32, 32, 32], seed: 2 });
    const step = await onnxMlpStep(net, { batch: N, loss: sinSourceResidual, adam: { lr: LR } });
    const x = tf.tensor2d(points(10), [N, 10]);
    const before = tf.memory().numTensors;
    await step.step(x);
    step.assignTo(net);
    const ws = step.weights();
    net.vars.forEach((v, i) => {
      assert.deepEqual(v.dataSync(), step.weightArrays()[i]);
      assert.deepEqual(ws[i]?.shape, v.shape);
    });
    tf.dispose(ws);
    assert.equal(tf.memory().numTensors, before);
    await assert.rejects(step.step(new Float32Array(3)), /expected batch 64/);
    await step.release();
    x.dispose();
    net.dispose();
  });
});
