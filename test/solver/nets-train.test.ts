import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { dgm, mlp, nestedJet, nestedScope, netF64, type LabNet, type ScalarJet } from "../../src/nets";
import { rng } from "../../src/random";

/*
 * Weight gradients of a residual loss built from the jet, by ONE reverse pass, against float64
 * finite differences: L(θ) = mean_k r_k², r = −½Δu + ½|∇u|² − Σ_i sin x_i, with Δu and ∇u
 * themselves finite differences (h = 1e-3) of the float64 net, and θ perturbed by ±1e-4. The
 * x-differencing error is smooth in θ and cancels in the θ-difference to ~1e-7; roundoff
 * ~1e-16/h²/ε ≈ 1e-6. Tolerance: 1e-3 relative to the largest checked gradient entry.
 */

function samplePoints(n: number, inDim: number, seed: number, periodic: boolean): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from(r.uniformArray(inDim, periodic ? 0 : -1, 1)));
}

const HX = 1e-3;
const EPS = 1e-4;
const RTOL = 1e-3;

function residualLoss(j: ScalarJet, x: tf.Tensor2D, d: number, time: boolean): tf.Scalar {
  const xs = time ? tf.slice(x, [0, 1], [-1, d]) : x;
  const r = tf.sub(tf.add(tf.mul(j.lap, -0.5), tf.mul(tf.sum(tf.square(j.grad), 1, true), 0.5)), tf.sum(tf.sin(xs), 1, true));
  return tf.mean(tf.square(r));
}

function lossF64(u: (x: readonly number[]) => number, pts: number[][], time: boolean): number {
  const t0 = time ? 1 : 0;
  let sum = 0;
  for (const p of pts) {
    const at = (i: number, h: number): number => u(p.map((v, k) => (k === i ? v + h : v)));
    const u0 = u(p);
    let lap = 0, g2 = 0, s = 0;
    for (let i = t0; i < p.length; i++) {
      const up = at(i, HX), um = at(i, -HX);
      lap += (up - 2 * u0 + um) / (HX * HX);
      g2 += ((up - um) / (2 * HX)) ** 2;
      s += Math.sin(p[i] as number);
    }
    sum += (-0.5 * lap + 0.5 * g2 - s) ** 2;
  }
  return sum / pts.length;
}

/** A few (variable, entry) pairs spread over every variable. */
function picks(net: LabNet): [number, number][] {
  return net.vars.flatMap((v, i): [number, number][] => [[i, 0], [i, Math.floor(v.size / 2)], [i, v.size - 1]]);
}

function checkWeightGrads(net: LabNet, jetOf: (x: tf.Tensor2D) => ScalarJet, pts: number[][]): void {
  const x = tf.tensor2d(pts);
  const { grads } = tf.variableGrads(() => residualLoss(jetOf(x), x, net.d, net.timeInput), net.vars as tf.Variable[]);
  const f = netF64(net);
  const want: number[] = [], got: number[] = [];
  for (const [vi, e] of picks(net)) {
    const w = f.weights[vi] as Float64Array;
    const w0 = w[e] as number;
    w[e] = w0 + EPS;
    const lp = lossF64(f.u, pts, net.timeInput);
    w[e] = w0 - EPS;
    const lm = lossF64(f.u, pts, net.timeInput);
    w[e] = w0;
    want.push((lp - lm) / (2 * EPS));
    const v = net.vars[vi] as tf.Variable;
    // the residual never reads u itself, so the output bias gets no gradient entry: it is 0
    const g = grads[v.name];
    got.push(g === undefined ? 0 : (g.dataSync()[e] as number));
  }
  const scale = Math.max(...want.map(Math.abs));
  assert.ok(scale > 1e-3, `gradient scale ${scale} too small to be a meaningful check`);
  want.forEach((w, i) => {
    const [vi, e] = picks(net)[i] as [number, number];
    assert.ok(Math.abs((got[i] as number) - w) <= RTOL * scale, `${net.vars[vi]?.name}[${e}]: reverse pass ${got[i]} vs FD ${w} (scale ${scale})`);
  });
  tf.dispose([x, ...Object.values(grads)]);
}

describe("nets: weight gradients of a residual loss (one reverse pass through the jet)", function () {
  this.timeout(300000);
  before(async () => {
    await initBackend();
  });
  const cases: [string, () => LabNet, number][] = [
    ["mlp d=10", () => mlp({ inDim: 10, hidden: [16, 16], seed: 1 }), 10],
    ["mlp d=2 +t periodic", () => mlp({ inDim: 3, hidden: [12, 12], timeInput: true, periodic: true, seed: 2 }), 3],
    ["dgm d=10 L=1", () => dgm({ inDim: 10, width: 8, layers: 1, seed: 3 }), 10],
    ["dgm d=1 +t periodic L=2", () => dgm({ inDim: 2, width: 8, layers: 2, timeInput: true, periodic: true, seed: 4 }), 2],
  ];
  for (const [name, make, inDim] of cases) {
    it(`jet path: ${name}`, () => {
      const net = make();
      checkWeightGrads(net, (x) => net.jet(x), samplePoints(8, inDim, 21, net.periodic));
      net.dispose();
    });
  }
  for (const [name, make, inDim] of [cases[0], cases[3]] as [string, () => LabNet, number][]) {
    it(`nested-autodiff reference path: ${name}`, () => {
      const net = make();
      nestedScope(() => checkWeightGrads(net, (x) => nestedJet(net, x), samplePoints(6, inDim, 22, net.periodic)));
      net.dispose();
    });
  }

  it("nestedJet equals the forward jet", () => {
    const net = dgm({ inDim: 4, width: 8, layers: 1, timeInput: true, periodic: true, seed: 6 });
    const x = tf.tensor2d(samplePoints(16, 4, 3, true));
    const a = net.jet(x);
    const b = nestedScope(() => nestedJet(net, x));
    for (const k of ["u", "grad", "lap", "dt"] as const) {
      const av = (a[k] as tf.Tensor).dataSync(), bv = (b[k] as tf.Tensor).dataSync();
      const scale = Math.max(1, ...Array.from(bv as Float32Array, Math.abs));
      av.forEach((v, i) => assert.ok(Math.abs(v - (bv[i] as number)) <= 1e-4 * scale, `${k}[${i}] ${v} vs ${bv[i]}`));
    }
    tf.dispose([x, a.u, a.grad, a.lap, b.u, b.grad, b.lap, a.dt as tf.Tensor, b.dt as tf.Tensor]);
    net.dispose();
  });

  it("nested ops outside nestedScope throw instead of leaking", () => {
    const net = mlp({ inDim: 2, hidden: [4], seed: 1 });
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    assert.throws(() => nestedJet(net, x), /nestedScope/);
    x.dispose();
    net.dispose();
  });
});

describe("nets: training step", () => {
  before(async () => {
    await initBackend();
  });
  it("building then disposing a net frees every tensor it made", () => {
    const before = tf.memory().numTensors;
    mlp({ inDim: 4, hidden: [8, 8], timeInput: true, periodic: true, seed: 1 }).dispose();
    dgm({ inDim: 3, width: 8, layers: 2, seed: 1 }).dispose();
    assert.equal(tf.memory().numTensors, before);
  });
  it("jet() outside a gradient tape leaves only the tensors it returns", () => {
    for (const net of [mlp({ inDim: 4, hidden: [8, 8], timeInput: true, periodic: true, seed: 1 }), dgm({ inDim: 3, width: 8, layers: 2, seed: 1 })]) {
      const x = tf.tensor2d(samplePoints(16, net.inDim, 2, true));
      const before = tf.memory().numTensors;
      const j = net.jet(x);
      const outs = [j.u, j.grad, j.lap, ...(j.dt ? [j.dt] : [])];
      assert.equal(tf.memory().numTensors, before + outs.length, `${net.kind}: tensors after jet()`);
      tf.dispose([x, ...outs]);
      net.dispose();
    }
  });
  const nets: [string, () => LabNet][] = [
    ["mlp d=10", () => mlp({ inDim: 10, hidden: [32, 32, 32], seed: 1 })],
    ["dgm d=2 +t periodic", () => dgm({ inDim: 3, width: 16, layers: 1, timeInput: true, periodic: true, seed: 1 })],
  ];
  for (const [name, make] of nets) {
    it(`${name}: Adam step lowers the loss and leaks no tensor`, () => {
      const net = make();
      const x = tf.tensor2d(samplePoints(128, net.inDim, 4, net.periodic));
      const opt = tf.train.adam(1e-3);
      const step = (): number => {
        const loss = opt.minimize(() => residualLoss(net.jet(x), x, net.d, net.timeInput), true, net.vars as tf.Variable[]);
        const v = (loss as tf.Scalar).dataSync()[0] as number;
        (loss as tf.Scalar).dispose();
        return v;
      };
      const first = step(); // creates Adam's moment slots
      const before = tf.memory().numTensors;
      let last = first;
      for (let i = 0; i < 5; i++) last = step();
      assert.equal(tf.memory().numTensors, before, "tensor count after 5 more steps");
      assert.ok(last < first, `loss ${first} -> ${last}`);
      opt.dispose();
      x.dispose();
      net.dispose();
    });
  }
});
