import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { rng } from "../../src/random";
import {
  gaussian, gaussianMixture, linspace, powerInterval, uniformBox, uniformTimeBox, uniformTorus,
} from "../../src/sampling";

function take(t: tf.Tensor2D): { rows: number; cols: number; v: Float32Array } {
  const [rows, cols] = t.shape;
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return { rows, cols, v };
}

function column(s: { rows: number; cols: number; v: Float32Array }, j: number): Float64Array {
  const out = new Float64Array(s.rows);
  for (let i = 0; i < s.rows; i++) out[i] = s.v[i * s.cols + j] as number;
  return out;
}

function meanVar(xs: Float64Array): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)];
}

describe("sampling", () => {
  before(async () => {
    await initBackend();
  });

  it("is deterministic per seed and returns float32 [n, d] tensors", () => {
    const a = uniformBox(rng(5), 64, [0, -1], [1, 1]);
    const b = uniformBox(rng(5), 64, [0, -1], [1, 1]);
    assert.deepEqual(a.shape, [64, 2]);
    assert.equal(a.dtype, "float32");
    assert.deepEqual(Array.from(take(a).v), Array.from(take(b).v));
    const g1 = take(gaussianMixture(rng(6), 32, { weights: [1, 1], means: [[-2], [2]], stds: [0.5, 0.5] }));
    const g2 = take(gaussianMixture(rng(6), 32, { weights: [1, 1], means: [[-2], [2]], stds: [0.5, 0.5] }));
    assert.deepEqual(Array.from(g1.v), Array.from(g2.v));
  });

  it("uniform box: support and per-coordinate moments", () => {
    const n = 50_000, lo = [-3, 2], hi = [1, 2.5];
    const s = take(uniformBox(rng(7), n, lo, hi));
    for (let j = 0; j < 2; j++) {
      const c = column(s, j);
      const a = lo[j]!, b = hi[j]!;
      for (const x of c) assert.ok(x >= a && x < b, `coordinate ${j} out of [${a},${b}): ${x}`);
      const [m, v] = meanVar(c);
      const w = b - a;
      assert.ok(Math.abs(m - (a + b) / 2) < 5 * w * Math.sqrt(1 / 12 / n), `mean ${m}`);
      assert.ok(Math.abs(v - (w * w) / 12) < 5 * w * w * Math.sqrt((1 / 80 - 1 / 144) / n), `var ${v}`);
    }
  });

  it("torus samples stay in [0,1) even after float32 rounding", () => {
    const s = take(uniformTorus(rng(8), 100_000, 3));
    assert.equal(s.cols, 3);
    for (const x of s.v) assert.ok(x >= 0 && x < 1, `torus sample ${x}`);
  });

  it("time box: column 0 in [0,T], space columns in the box", () => {
    const s = take(uniformTimeBox(rng(9), 20_000, 2, [0, 0], [8, 1]));
    assert.equal(s.cols, 3);
    const t = column(s, 0);
    for (const x of t) assert.ok(x >= 0 && x <= 2);
    assert.ok(Math.abs(meanVar(t)[0] - 1) < 5 * 2 * Math.sqrt(1 / 12 / 20_000));
    for (const x of column(s, 1)) assert.ok(x >= 0 && x < 8);
    for (const x of column(s, 2)) assert.ok(x >= 0 && x < 1);
  });

  it("power interval: density ∝ x^(1/p-1), mean a + (b-a)/(p+1)", () => {
    const n = 50_000, p = 2, b = 5;
    const x = column(take(powerInterval(rng(10), n, 0, b, p)), 0);
    for (const v of x) assert.ok(v >= 0 && v < b);
    const [m, v] = meanVar(x);
    // X = b U^p: E = b/(p+1), Var = b²(1/(2p+1) − 1/(p+1)²)
    const varX = b * b * (1 / (2 * p + 1) - 1 / (p + 1) ** 2);
    assert.ok(Math.abs(m - b / (p + 1)) < 5 * Math.sqrt(varX / n), `mean ${m}`);
    assert.ok(Math.abs(v - varX) < 0.05 * varX, `variance ${v} vs ${varX}`);
    // half the mass lies below b/4 when p = 2
    const below = x.filter((t) => t < b / 4).length / n;
    assert.ok(Math.abs(below - 0.5) < 5 * Math.sqrt(0.25 / n), `mass below b/4: ${below}`);
  });

  it("gaussian and gaussian mixture moments", () => {
    const n = 50_000;
    const s = take(gaussian(rng(11), n, [1, -2], [0.5, 2]));
    const [m0, v0] = meanVar(column(s, 0));
    const [m1, v1] = meanVar(column(s, 1));
    assert.ok(Math.abs(m0 - 1) < 5 * 0.5 / Math.sqrt(n) && Math.abs(m1 + 2) < 5 * 2 / Math.sqrt(n));
    assert.ok(Math.abs(v0 - 0.25) < 5 * 0.25 * Math.sqrt(2 / n) && Math.abs(v1 - 4) < 5 * 4 * Math.sqrt(2 / n));
    // mixture 0.25 N(-2, 0.5²) + 0.75 N(2, 0.5²): mean 1, variance 0.25 + 0.25·0.75·16 = 3.25
    const x = column(take(gaussianMixture(rng(12), n, { weights: [1, 3], means: [[-2], [2]], stds: [0.5, 0.5] })), 0);
    const [mm, vm] = meanVar(x);
    assert.ok(Math.abs(mm - 1) < 5 * Math.sqrt(3.25 / n), `mixture mean ${mm}`);
    assert.ok(Math.abs(vm - 3.25) < 0.05 * 3.25, `mixture variance ${vm}`);
    const left = x.filter((t) => t < 0).length / n;
    assert.ok(Math.abs(left - 0.25) < 5 * Math.sqrt(0.25 * 0.75 / n), `left mass ${left}`);
  });

  it("leaks no tensors and rejects bad input by name", () => {
    const before = tf.memory().numTensors;
    take(uniformTorus(rng(1), 10, 2));
    assert.equal(tf.memory().numTensors, before);
    assert.throws(() => uniformBox(rng(1), 10, [0], [0]), /lo\[0\] < hi\[0\]/);
    assert.throws(() => uniformBox(rng(1), 0, [0], [1]), /n must be a positive integer/);
    assert.throws(() => gaussianMixture(rng(1), 5, { weights: [1], means: [[0, 0]], stds: [[1]] }), /std has length 1/);
    assert.throws(() => powerInterval(rng(1), 5, 0, 1, 0), /power must be finite and > 0/);
    assert.deepEqual(Array.from(linspace(0, 1, 3)), [0, 0.5, 1]);
  });
});
