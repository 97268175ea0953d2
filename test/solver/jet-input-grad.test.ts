import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { rng } from "../../src/random";
import { dgm, mlp, netF64, type JetOptions, type LabNet, type ScalarJet } from "../../src/nets";

/*
 * Jets differentiable w.r.t. their inputs. A loss through three explicit steps
 * x_{k+1} = x_k − h ∇Φ(x_k) (a normalising-flow-like map; only the space columns move), then
 * L = mean(½|x₃|² + Φ(x₃) + c ΔΦ(x₃)): its weight gradients by one reverse pass must match central
 * θ-differences (ε = 1e-4) of the same loss evaluated in float64 with ∇Φ and ΔΦ themselves
 * finite differences (h = 1e-5 and 1e-3; their errors are smooth in θ and cancel in the
 * θ-difference to ≲ 1e-6). The cases are chosen well conditioned (gradients ≲ 10²). Dropping ∂/∂x anywhere (the constant-input path) moves these gradients
 * by O(h) relative, far above the 1e-3 tolerance.
 */

const STEP = 0.1;
const C_LAP = 0.1;
const RTOL = 1e-3;

function samplePoints(n: number, inDim: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from(r.uniformArray(inDim, 0, 1)));
}

function disposeJet(j: ScalarJet): void {
  tf.dispose([j.u, j.grad, j.lap, ...(j.dt ? [j.dt] : []), ...(j.hess ? [j.hess] : [])]);
}

/** The flow and loss in tfjs; `opt` is passed to every jet. */
function flowLoss(net: LabNet, x0: tf.Tensor2D, opt: JetOptions | undefined): tf.Scalar {
  const t0 = net.timeInput ? 1 : 0;
  let x = x0;
  for (let k = 0; k < 3; k++) {
    const j = net.jet(x, opt);
    const step = tf.mul(j.grad, -STEP);
    x = (t0 === 0 ? tf.add(x, step) : tf.add(x, tf.concat([tf.zeros([x.shape[0], 1]), step], 1))) as tf.Tensor2D;
  }
  const j = net.jet(x, opt);
  const xs = tf.slice(x, [0, t0], [-1, net.d]);
  return tf.mean(tf.addN([tf.mul(tf.sum(tf.square(xs), 1, true), 0.5), j.u, tf.mul(j.lap, C_LAP)]));
}

function gradLapF64(u: (x: readonly number[]) => number, x: readonly number[], t0: number): { g: number[]; lap: number } {
  const at = (i: number, h: number): number => u(x.map((v, k) => (k === i ? v + h : v)));
  const u0 = u(x);
  const g: number[] = [];
  let lap = 0;
  for (let i = t0; i < x.length; i++) {
    g.push((at(i, 1e-5) - at(i, -1e-5)) / 2e-5);
    lap += (at(i, 1e-3) - 2 * u0 + at(i, -1e-3)) / 1e-6;
  }
  return { g, lap };
}

function flowLossF64(u: (x: readonly number[]) => number, pts: number[][], t0: number): number {
  let sum = 0;
  for (const p of pts) {
    let x = [...p];
    for (let k = 0; k < 3; k++) {
      const { g } = gradLapF64(u, x, t0);
      x = x.map((v, c) => (c < t0 ? v : v - STEP * (g[c - t0] as number)));
    }
    const { lap } = gradLapF64(u, x, t0);
    sum += 0.5 * x.slice(t0).reduce((s, v) => s + v * v, 0) + u(x) + C_LAP * lap;
  }
  return sum / pts.length;
}

function checkFlowGrads(net: LabNet, pts: number[][], opt: JetOptions | undefined): void {
  const x0 = tf.tensor2d(pts);
  const { value, grads } = tf.variableGrads(() => flowLoss(net, x0, opt), net.vars as tf.Variable[]);
  const f = netF64(net);
  const t0 = net.timeInput ? 1 : 0;
  const eps = 1e-4;
  const checks: [string, number, number][] = [];
  net.vars.forEach((v, vi) => {
    for (const e of [0, Math.floor(v.size / 2), v.size - 1]) {
      const w = f.weights[vi] as Float64Array;
      const w0 = w[e] as number;
      w[e] = w0 + eps;
      const lp = flowLossF64(f.u, pts, t0);
      w[e] = w0 - eps;
      const lm = flowLossF64(f.u, pts, t0);
      w[e] = w0;
      checks.push([`${v.name}[${e}]`, (grads[v.name] as tf.Tensor).dataSync()[e] as number, (lp - lm) / (2 * eps)]);
    }
  });
  const scale = Math.max(...checks.map(([, , w]) => Math.abs(w)));
  assert.ok(scale > 1e-3, `gradient scale ${scale} too small to be a meaningful check`);
  for (const [name, got, want] of checks) assert.ok(Math.abs(got - want) <= RTOL * scale, `${name}: reverse pass ${got} vs FD ${want} (scale ${scale})`);
  tf.dispose([x0, value, ...Object.values(grads)]);
}

const nets: [string, () => LabNet][] = [
  ["mlp d=2", () => mlp({ inDim: 2, hidden: [12, 12], seed: 3 })],
  ["mlp d=2 +t periodic", () => mlp({ inDim: 3, hidden: [10], timeInput: true, periodic: true, seed: 4 })],
  ["dgm d=2 L=2", () => dgm({ inDim: 2, width: 8, layers: 2, seed: 5 })],
  // one gated layer: with two, the 2π-periodic flow at this step is so sensitive to the weights
  // (gradients ~1e3) that float32 and the θ-differences disagree at the 0.5% level
  ["dgm d=2 +t periodic", () => dgm({ inDim: 3, width: 6, layers: 1, timeInput: true, periodic: true, seed: 6 })],
];

describe("jet: gradients w.r.t. the inputs (x_{k+1} = x_k − h∇Φ(x_k))", function () {
  this.timeout(300000);
  before(async () => {
    await initBackend();
  });
  for (const [name, make] of nets) {
    it(`${name}: weight gradients through three flow steps vs float64 FD (inputGrad: true)`, () => {
      const net = make();
      checkFlowGrads(net, samplePoints(6, net.inDim, 17), { inputGrad: true });
      net.dispose();
    });
  }
  it("the default detects that x comes from the tape and gives the same gradients", () => {
    const net = nets[3]?.[1]() as LabNet;
    checkFlowGrads(net, samplePoints(6, net.inDim, 18), undefined);
    net.dispose();
  });

  it("inputGrad: false with an x on the tape is refused, naming inputGrad", () => {
    const net = mlp({ inDim: 2, hidden: [4], seed: 1 });
    const x0 = tf.tensor2d(samplePoints(3, 2, 1));
    const w = net.vars[0] as tf.Variable;
    assert.throws(
      () => tf.variableGrads(() => tf.sum(net.jet(tf.matMul(x0, w.slice([0, 0], [2, 2])) as tf.Tensor2D, { inputGrad: false }).u), [w]),
      /mlp\.jet: inputGrad is false but x carries a gradient/,
    );
    const xv = tf.variable(x0);
    assert.throws(() => net.jet(xv, { inputGrad: false }), /inputGrad is false/);
    tf.dispose([x0, xv]);
    net.dispose();
  });

  it("tf.grad of Σ Δu w.r.t. x (inputGrad: true) matches float64 third-derivative differences", () => {
    for (const net of [mlp({ inDim: 3, hidden: [10, 8], timeInput: true, periodic: true, seed: 8 }), dgm({ inDim: 2, width: 6, layers: 1, seed: 9 })]) {
      const pts = samplePoints(4, net.inDim, 19);
      const x = tf.tensor2d(pts);
      const g = tf.grad((xx: tf.Tensor) => {
        const j = net.jet(xx as tf.Tensor2D, { inputGrad: true });
        return tf.add(tf.sum(j.lap), tf.sum(j.u));
      })(x);
      const f = netF64(net);
      const t0 = net.timeInput ? 1 : 0;
      const lapU = (p: readonly number[]): number => gradLapF64(f.u, p, t0).lap + f.u(p);
      const want = pts.flatMap((p) => p.map((_, c) => (lapU(p.map((v, k) => (k === c ? v + 1e-3 : v))) - lapU(p.map((v, k) => (k === c ? v - 1e-3 : v)))) / 2e-3));
      const got = g.dataSync();
      const scale = Math.max(1, ...want.map(Math.abs));
      // third differences: truncation ~h²·u^(5) ≈ 1e-5 relative; 1e-2 still catches a dropped term (O(1))
      want.forEach((w, i) => assert.ok(Math.abs((got[i] as number) - w) <= 1e-2 * scale, `${net.kind} ∂x[${i}]: ${got[i]} vs FD ${w} (scale ${scale})`));
      tf.dispose([x, g]);
      net.dispose();
    }
  });

  it("a constant x keeps the fast path: its jet equals the differentiable one", () => {
    const net = dgm({ inDim: 3, width: 8, layers: 1, timeInput: true, periodic: true, seed: 2 });
    const x = tf.tensor2d(samplePoints(16, 3, 4));
    const a = net.jet(x);
    const b = net.jet(x, { inputGrad: true, hessian: true });
    for (const k of ["u", "grad", "lap", "dt"] as const) {
      const av = (a[k] as tf.Tensor).dataSync(), bv = (b[k] as tf.Tensor).dataSync();
      av.forEach((v, i) => assert.ok(Math.abs(v - (bv[i] as number)) <= 1e-5 * Math.max(1, Math.abs(v)), `${k}[${i}]`));
    }
    disposeJet(a);
    disposeJet(b);
    x.dispose();
    net.dispose();
  });
});
