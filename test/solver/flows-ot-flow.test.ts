import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { float64Algebra, rk4States } from "../../src/integrate";
import { netF64 } from "../../src/nets";
import { otFlowLoss, potentialFlow, type PotentialFlow } from "../../src/flows";

const T = 1, STEPS = 3, D = 2;
const X = [[0.4, -0.9], [1.7, 0.2], [-0.3, 0.6]];
const W8 = { alphaC: 30, alphaL: 1, alphaR: 2 };

/** the same loss in float64: Φ from the net's float64 copy + the quadratic, derivatives by FD in x and t */
function lossF64(flow: PotentialFlow, weights: Float64Array[]): number {
  const f64 = netF64(flow.net);
  const nNet = flow.net.vars.length;
  weights.slice(0, nNet).forEach((w, i) => (f64.weights[i] as Float64Array).set(w));
  const Wq = weights[nNet] as Float64Array, bq = weights[nNet + 1] as Float64Array;
  const S = (i: number, j: number): number => 0.5 * ((Wq[i * 3 + j] as number) + (Wq[j * 3 + i] as number));
  const phi = (s: number[]): number => {
    let q = 0;
    for (let i = 0; i < 3; i++) {
      q += (bq[i] as number) * (s[i] as number);
      for (let j = 0; j < 3; j++) q += 0.5 * (s[i] as number) * S(i, j) * (s[j] as number);
    }
    return f64.u(s) + q;
  };
  const e = (s: number[], c: number, h: number): number[] => s.map((v, k) => v + (k === c ? h : 0));
  const field = (t: number, y: Float64Array): Float64Array => {
    const out = new Float64Array(y.length);
    for (let p = 0; p < X.length; p++) {
      const s = [t, y[7 * p] as number, y[7 * p + 1] as number];
      const g = [1, 2].map((c) => (phi(e(s, c, 1e-4)) - phi(e(s, c, -1e-4))) / 2e-4);
      const lap = [1, 2].reduce((a, c) => a + (phi(e(s, c, 1e-3)) - 2 * phi(s) + phi(e(s, c, -1e-3))) / 1e-6, 0);
      const dt = (phi(e(s, 0, 1e-4)) - phi(e(s, 0, -1e-4))) / 2e-4;
      const half = 0.5 * ((g[0] as number) ** 2 + (g[1] as number) ** 2);
      out.set([-(g[0] as number), -(g[1] as number), -lap, half, Math.abs(-dt + half), -dt + half], 7 * p);
    }
    return out;
  };
  const y0 = new Float64Array(7 * X.length);
  X.forEach((x, p) => y0.set(x, 7 * p));
  const yT = rk4States(float64Algebra, field, y0, { t0: 0, t1: T, steps: STEPS }).at(-1) as Float64Array;
  let nll = 0, L = 0, R = 0;
  for (let p = 0; p < X.length; p++) {
    const z0 = yT[7 * p] as number, z1 = yT[7 * p + 1] as number;
    nll += 0.5 * (z0 * z0 + z1 * z1) - (yT[7 * p + 2] as number) + Math.log(2 * Math.PI);
    L += yT[7 * p + 3] as number;
    R += yT[7 * p + 4] as number;
  }
  return (nll + (W8.alphaL * L + W8.alphaR * R) / W8.alphaC) / X.length;
}

describe("flows: OT-Flow loss through RK4", () => {
  before(async () => {
    await initBackend();
  });

  it("weight gradients through the integrator equal float64 finite differences", () => {
    const flow = potentialFlow({ d: D, hidden: [6, 6], seed: 11, outputScale: 1 });
    // a nonzero quadratic so its gradients are exercised away from the origin
    (flow.vars.at(-2) as tf.Variable).assign(tf.tensor2d([[0.2, -0.1, 0.3], [0.05, 0.4, -0.2], [0.1, 0.15, -0.3]]));
    (flow.vars.at(-1) as tf.Variable).assign(tf.tensor2d([[0.1, -0.2, 0.3]]));
    const x = tf.tensor2d(X);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => otFlowLoss(flow, x, T, STEPS, W8).total, flow.vars as tf.Variable[]);
    const all = [...flow.net.vars, ...flow.vars.slice(-2)];
    const weights = all.map((v) => Float64Array.from(v.dataSync()));
    const base = lossF64(flow, weights);
    assert.ok(Math.abs(base - (value.dataSync()[0] as number)) < 1e-4 * Math.max(1, Math.abs(base)), `loss ${value.dataSync()[0]} vs f64 ${base}`);
    let checked = 0;
    all.forEach((v, vi) => {
      // the net's output bias is not a flow variable: its gradient must be 0
      const g = grads[v.name]?.dataSync() ?? new Float32Array(v.size);
      for (const idx of [0, Math.floor(g.length / 2), g.length - 1]) {
        const eps = 1e-4;
        const plus = weights.map((w) => Float64Array.from(w)), minus = weights.map((w) => Float64Array.from(w));
        (plus[vi] as Float64Array)[idx] = ((plus[vi] as Float64Array)[idx] as number) + eps;
        (minus[vi] as Float64Array)[idx] = ((minus[vi] as Float64Array)[idx] as number) - eps;
        const fd = (lossF64(flow, plus) - lossF64(flow, minus)) / (2 * eps);
        const ad = g[idx] as number;
        assert.ok(Math.abs(fd - ad) <= 2e-3 * Math.abs(fd) + 2e-4, `var ${v.name}[${idx}]: autodiff ${ad} vs FD ${fd}`);
        checked++;
      }
    });
    assert.ok(checked >= 24);
    assert.equal(Object.keys(grads).length, flow.vars.length);
    value.dispose();
    Object.values(grads).forEach((g) => g.dispose());
    assert.equal(tf.memory().numTensors, before);
    x.dispose();
    flow.dispose();
  });
});
