import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { onnxStep, sinSourceResidual, tanhRules, type ActivationRules, type AdamOptions, type JetLossGraph, type OnnxStepOptions } from "../../src/engine/onnx";
import { dgm, mlp, type LabNet } from "../../src/nets";
import { rng } from "../../src/random";

/*
 * The ONNX training step (jet forward, hand-written reverse, fused Adam in one graph) of the MLP
 * and of the DGM net against the tfjs reference path on the same weights and x: net.jet +
 * tf.variableGrads + tf.train.adam. The nets' biases start random (not Glorot's zeros), so every
 * bias term of the jets and of their reverses is exercised.
 * Tolerance, float32 (ε = 1.2e-7): both sides sum the same terms in different orders (MLAS vs
 * XNNPACK GEMMs, reductions over n = 64 points and widths 32), so a difference of a few hundred ε
 * times the quantity's scale is rounding: |ours − ref| ≤ 2e-5 · max(1, max|ref|) per quantity
 * (measured: ≤ ~1e-6). A wrong derivative rule is a relative error of the order of the rule's
 * error (5% planted below: ~1e-2), three orders above. Weights after t Adam steps: the update
 * is lr · m̂/(√v̂ + ε) with |m̂/√v̂| ≤ ~1, so a relative gradient error δ moves θ by ~δ·lr per
 * step, and each step rounds the update and θ + update (a few ulp of θ): |Δθ| ≤ t · (2e-5 · lr +
 * 4ε · max(1, max|θ|)) (measured: ≤ 4.3e-7 after 4 steps, ~1 ulp per step; limit 2.7e-6).
 * Except where a gradient element is near Adam's ε_adam = 1e-7: the first update
 * lr · g/(|g| + ε_adam) then moves by lr · ε_adam · Δg/(|g| + ε_adam)² for a gradient difference Δg,
 * up to 1e5 times Δg (seen: a DGM gradient element 4.95e-7 whose float32 rounding Δg = 6e-10, a
 * 1e-8 of the gradient's scale, moved θ by 1.7e-6, exactly as that formula says). So each weight
 * element's limit adds, per step, twice that term with the measured first-step Δg of its element:
 * still zero where the gradients agree, and a wrong gradient fails its own check first.
 */

const N = 64;
const LR = 1e-2;
const TOL = 2e-5;
const EPS32 = 2 ** -23;
/** tf.train.adam's default ε */
const EPS_ADAM = 1e-7;

interface Reference {
  readonly u: Float32Array;
  readonly dt?: Float32Array;
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

function reference(net: LabNet, loss: JetLossGraph, xs: Float32Array, steps: number): Reference {
  const x = tf.tensor2d(xs, [N, net.inDim]);
  const vars = net.vars as tf.Variable[];
  const lossFn = (): tf.Scalar => loss.tfjs(net.jet(x), x);
  const [u, lap, grad, dt] = tf.tidy(() => {
    const j = net.jet(x);
    return [j.u.dataSync() as Float32Array, j.lap.dataSync() as Float32Array, j.grad.dataSync() as Float32Array, j.dt?.dataSync() as Float32Array | undefined];
  });
  const { value, grads } = tf.variableGrads(lossFn, vars);
  // a variable the loss does not read (the output bias: u is not in the residual) has no gradient
  const weightGrads = vars.map((v) => (grads[v.name]?.dataSync() as Float32Array | undefined) ?? new Float32Array(v.size));
  const lossValue = value.dataSync()[0] as number;
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
  return { u, lap, grad, loss: lossValue, weightGrads, after, ...(dt ? { dt } : {}) };
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

interface NetCase {
  readonly name: string;
  /** how many variables its nets have */
  readonly vars: number;
  /** a fresh net (seeded) with random biases, d space inputs */
  make(d: number, seed: number): LabNet;
  readonly loss: JetLossGraph;
}

function withRandomBiases(net: LabNet, seed: number): LabNet {
  const r = rng(seed + 100);
  for (const v of net.vars) if (v.rank === 1) v.assign(tf.tensor1d(Float32Array.from(r.normalArray(v.size, 0, 0.3))));
  return net;
}

/**
 * A loss that reads ∂ₜu, so that its reverse is exercised: mean r², r = ∂ₜu − ½Δu + ½|∇u|² − Σ_c sin x_c
 * (the sum over every column, t included). Reverse: ∂/∂r = 2r/n; ∂/∂∂ₜu = 2r/n, ∂/∂Δu = −r/n, ∂/∂∇u = ∇u · 2r/n.
 */
const timeResidual: JetLossGraph = {
  name: "time-sin-source-residual",
  build(g, { n, x, grad, lap, dt }) {
    if (dt === undefined) throw new Error("timeResidual: the jet has no ∂ₜu");
    const space = g.add(g.mul(g.scalar(-0.5), lap), g.mul(g.scalar(0.5), g.sum(g.sq(grad), [0])));
    const r = g.sub(g.add(dt, space), g.sum(g.sin(x), [1], true));
    const dr = g.mul(r, g.scalar(2 / n));
    return { loss: g.div(g.sum(g.sq(r), [0, 1]), g.scalar(n)), ddt: dr, dlap: g.mul(g.scalar(-0.5), dr), dgrad: g.mul(grad, dr) };
  },
  tfjs(j, x) {
    if (j.dt === undefined) throw new Error("timeResidual: the jet has no ∂ₜu");
    const space = tf.add(tf.mul(j.lap, -0.5), tf.mul(tf.sum(tf.square(j.grad), 1, true), 0.5));
    return tf.mean(tf.square(tf.sub(tf.add(j.dt, space), tf.sum(tf.sin(x), 1, true))));
  },
};

const NETS: readonly NetCase[] = [
  { name: "mlp 32³", vars: 8, loss: sinSourceResidual, make: (d, seed) => withRandomBiases(mlp({ inDim: d, hidden: [32, 32, 32], seed }), seed) },
  { name: "dgm 1 layer × 32", vars: 10, loss: sinSourceResidual, make: (d, seed) => withRandomBiases(dgm({ inDim: d, width: 32, layers: 1, seed }), seed) },
  { name: "dgm 2 layers × 16", vars: 16, loss: sinSourceResidual, make: (d, seed) => withRandomBiases(dgm({ inDim: d, width: 16, layers: 2, seed }), seed) },
  {
    name: "dgm 1 layer × 32, time input, a loss reading ∂ₜu",
    vars: 10,
    loss: timeResidual,
    make: (d, seed) => withRandomBiases(dgm({ inDim: 1 + d, timeInput: true, width: 32, layers: 1, seed }), seed),
  },
  {
    name: "mlp 32³, time input, a loss reading ∂ₜu",
    vars: 8,
    loss: timeResidual,
    make: (d, seed) => withRandomBiases(mlp({ inDim: 1 + d, timeInput: true, hidden: [32, 32, 32], seed }), seed),
  },
];

interface Planted {
  readonly activation?: ActivationRules;
  readonly adam?: AdamOptions;
  readonly threads?: number;
  /** changes the net after the onnx step has copied its weights: the reference then runs on other weights */
  readonly perturb?: (net: LabNet) => void;
}

/** Names of the quantities where the ONNX step differs from the reference beyond the tolerance. */
async function mismatches(c: NetCase, d: number, steps: number, p: Planted = {}): Promise<string[]> {
  const net = c.make(d, 1);
  assert.equal(net.vars.length, c.vars);
  const xs = points(net.inDim);
  const opts: OnnxStepOptions = { batch: N, loss: c.loss, adam: p.adam ?? { lr: LR }, ...(p.activation ? { activation: p.activation } : {}), ...(p.threads ? { threads: p.threads } : {}) };
  const step = await onnxStep(net, opts);
  p.perturb?.(net);
  const ref = reference(net, c.loss, xs, steps);
  const bad: string[] = [];
  const check = (name: string, ours: ArrayLike<number>, theirs: ArrayLike<number>, tol: number): void => {
    if (!(maxDiff(ours, theirs) <= tol)) bad.push(name);
  };
  const rel = (r: ArrayLike<number>): number => TOL * Math.max(1, maxAbs(r));
  /** per weight element: how far Adam's first update can move for the measured gradient difference */
  let adamSensitivity: Float64Array[] = [];
  for (let s = 0; s < steps; s++) {
    const out = await step.step(xs);
    if (s === 0) {
      check("u", out.u, ref.u, rel(ref.u));
      if (ref.dt !== undefined || out.dt !== undefined) check("dt", out.dt ?? [], ref.dt ?? [], rel(ref.dt ?? []));
      check("lap", out.lap, ref.lap, rel(ref.lap));
      check("grad", out.grad, ref.grad, rel(ref.grad));
      check("loss", [out.loss], [ref.loss], rel([ref.loss]));
      out.weightGrads.forEach((g, i) => check(`dW${i}`, g, ref.weightGrads[i] as Float32Array, rel(ref.weightGrads[i] as Float32Array)));
      adamSensitivity = out.weightGrads.map((g, i) =>
        Float64Array.from(ref.weightGrads[i] as Float32Array, (r, j) => (2 * LR * EPS_ADAM * Math.abs((g[j] as number) - r)) / (Math.abs(r) + EPS_ADAM) ** 2),
      );
    }
    const w = step.weightArrays();
    w.forEach((wi, i) => {
      const r = ref.after[s]?.[i] as Float32Array;
      const base = TOL * LR + 4 * EPS32 * Math.max(1, maxAbs(r));
      const sens = adamSensitivity[i] as Float64Array;
      const within = wi.every((o, j) => Math.abs(o - (r[j] as number)) <= (s + 1) * (base + (sens[j] as number)));
      if (!within) bad.push(`weights${i}@${s + 1}`);
    });
  }
  await step.release();
  net.dispose();
  return bad;
}

function bitIdentical(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe("engine/onnx: the jet training step (mlp, dgm) as one onnxruntime graph", function () {
  before(async () => {
    await initBackend("wasm");
  });

  for (const c of NETS) {
    const nv = c.vars;
    describe(c.name, () => {
      for (const d of [10, 1]) {
        it(`d = ${d}: u, Δu, ∇u, the loss, every weight gradient and the weights after 1..4 Adam steps match tfjs`, async () => {
          assert.deepEqual(await mismatches(c, d, 4), []);
        });
      }

      it("2 intra-op threads: the same match", async () => {
        assert.deepEqual(await mismatches(c, 10, 2, { threads: 2 }), []);
      });

      it("a wrong tanh'' in the forward jet is caught (Δu, the loss and the gradients fail)", async () => {
        const wrong: ActivationRules = { ...tanhRules, d2: (g, a, p) => g.mul(g.scalar(0.95), tanhRules.d2(g, a, p)) };
        const bad = await mismatches(c, 10, 1, { activation: wrong });
        for (const name of ["lap", "loss", "dW0", `dW${nv - 2}`]) assert.ok(bad.includes(name), `${name} not flagged: ${bad.join(", ")}`);
        for (const name of ["u", "grad", "dt"]) assert.ok(!bad.includes(name), `${name} does not use tanh'': it must still match`);
      });

      it("a wrong d(tanh'')/da in the reverse only is caught (weight gradients fail, the jet matches)", async () => {
        const wrong: ActivationRules = { ...tanhRules, d2DA: (g, a) => g.mul(g.scalar(0.95), tanhRules.d2DA(g, a)) };
        const bad = await mismatches(c, 10, 1, { activation: wrong });
        assert.ok(bad.includes("dW0") && bad.includes("dW2"), `weight gradients not flagged: ${bad.join(", ")}`);
        for (const name of ["u", "lap", "grad", "dt", "loss"]) assert.ok(!bad.includes(name), `${name} flagged, but the forward is right`);
      });

      it("a different Adam (ε = 1e-4 instead of tfjs's 1e-7) is caught in the weights after one step", async () => {
        const bad = await mismatches(c, 10, 1, { adam: { lr: LR, epsilon: 1e-4 } });
        assert.ok(bad.some((b) => b.startsWith("weights")), `weights not flagged: ${bad.join(", ")}`);
        assert.ok(!bad.includes("dW0") && !bad.includes("lap"), "the gradients and the jet do not depend on Adam");
      });

      it("every variable is read: perturbing any one of them (in the reference only) changes u, and Δu unless it is the output bias", async () => {
        for (let i = 0; i < nv; i++) {
          const perturb = (net: LabNet): void => {
            const v = net.vars[i] as tf.Variable;
            v.assign(tf.tidy(() => tf.add(v, 0.05)));
          };
          const bad = await mismatches(c, 10, 1, { perturb });
          assert.ok(bad.includes("u"), `var ${i}: u not flagged (${bad.join(", ")})`);
          if (i < nv - 1) assert.ok(bad.includes("lap"), `var ${i}: Δu not flagged (${bad.join(", ")})`);
        }
      });

      for (const threads of [1, 2]) {
        it(`${threads} thread(s): two runs of 5 steps from the same start are bit-identical`, async () => {
          const run = async (): Promise<Float32Array[]> => {
            const net = c.make(10, 3);
            const step = await onnxStep(net, { batch: N, loss: c.loss, adam: { lr: LR }, threads });
            const xs = points(net.inDim);
            for (let s = 0; s < 5; s++) await step.step(xs);
            const w = step.weightArrays();
            await step.release();
            net.dispose();
            return w;
          };
          const [a, b] = [await run(), await run()];
          a.forEach((w, i) => assert.ok(bitIdentical(w, b[i] as Float32Array), `var ${i} differs`));
        });
      }

      it("tfjs boundary: assignTo writes the weights into the net's variables; nothing leaks", async () => {
        const net = c.make(10, 2);
        const step = await onnxStep(net, { batch: N, loss: c.loss, adam: { lr: LR } });
        const x = tf.tensor2d(points(net.inDim), [N, net.inDim]);
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
        await assert.rejects(step.step(new Float32Array(3)), /expected batch 64 × inDim/);
        await step.release();
        x.dispose();
        net.dispose();
      });
    });
  }

  it("refuses what the graphs do not cover (a periodic input)", async () => {
    const net = dgm({ inDim: 3, periodic: true, width: 8, layers: 1, seed: 1 });
    await assert.rejects(onnxStep(net, { batch: N, loss: sinSourceResidual, adam: { lr: LR } }), /periodic input/);
    net.dispose();
  });
});
