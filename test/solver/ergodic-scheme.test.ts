import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { domains, mfg } from "../../src";
import type { Net, ScalarJet } from "../../src/nets/types";
import { ergodicLambda, ergodicTorusSpec } from "../../src/ergodic";

let netId = 0;

/**
 * A test net with an exact jet and no dependence on src/nets: a trigonometric polynomial
 * u = b₀ + Σ_i Σ_{k≤K} A_ki sin(2πk x_i) + B_ki cos(2πk x_i). Problem 2's exact w = −cΣ sin(2πx_i)
 * and N = 2cΣ sin(2πx_i) lie in its span, so the core's scheme can be checked against the exact
 * solution quickly.
 */
function trigNet(d: number, modes: number, init: (k: number, i: number) => [number, number] = () => [0, 0], b0 = 0): Net {
  const id = ++netId;
  const a = new Float32Array(modes * d);
  const b = new Float32Array(modes * d);
  for (let k = 0; k < modes; k++) for (let i = 0; i < d; i++) [a[k * d + i], b[k * d + i]] = init(k + 1, i);
  const A = tf.variable(tf.tensor2d(a, [modes, d]), true, `trig_A_${id}`);
  const B = tf.variable(tf.tensor2d(b, [modes, d]), true, `trig_B_${id}`);
  const bias = tf.variable(tf.scalar(b0), true, `trig_b_${id}`);
  const jet = (x: tf.Tensor2D): ScalarJet => {
    const [u, grad, lap] = tf.tidy(() => {
      let u: tf.Tensor = bias;
      let grad: tf.Tensor = tf.zerosLike(x);
      let lap: tf.Tensor = tf.zeros([x.shape[0], 1]);
      for (let k = 1; k <= modes; k++) {
        const w = 2 * Math.PI * k;
        const s = tf.sin(tf.mul(x, w));
        const c = tf.cos(tf.mul(x, w));
        const ak = tf.slice(A, [k - 1, 0], [1, d]);
        const bk = tf.slice(B, [k - 1, 0], [1, d]);
        const v = tf.sum(tf.add(tf.mul(s, ak), tf.mul(c, bk)), 1, true);
        u = tf.add(u, v);
        grad = tf.add(grad, tf.mul(tf.sub(tf.mul(c, ak), tf.mul(s, bk)), w));
        lap = tf.add(lap, tf.mul(v, -w * w));
      }
      return [u, grad, lap] as tf.Tensor2D[];
    }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    return { u, grad, lap };
  };
  return {
    inDim: d,
    vars: [A, B, bias],
    jet,
    apply: (x) => {
      const j = jet(x);
      tf.dispose([j.grad, j.lap]);
      return j.u;
    },
    dispose: () => tf.dispose([A, B, bias]),
  };
}

/** mfg.solve on problem 2 with the given nets; returns the final metrics and the fields at x; frees everything. */
async function solveWith(d: number, c: number, nets: [Net, Net], options: Partial<mfg.SolveOptions>, x?: tf.Tensor2D) {
  const spec = ergodicTorusSpec({ d, c });
  const run = await mfg.solve(mfg.ergodic(spec), { ...options, value: nets[0], density: nets[1] });
  try {
    const at = x === undefined ? undefined : tf.tidy(() => [run.u(x), spec.exact!.u!(x), run.m(x), spec.exact!.m!(x)].map((t) => Array.from(t.dataSync())));
    return { metrics: run.metrics(), lambda: run.lambda as number, history: run.history, at };
  } finally {
    run.dispose();
    nets.forEach((n) => n.dispose());
  }
}

describe("problem 2 on the core's adversarial scheme (exact-jet trigonometric nets)", () => {
  before(async () => {
    await initBackend();
  });

  it("the exact solution plugged into the nets gives zero metrics; a perturbed one does not", async () => {
    const c = 0.7;
    // λ' starts at its exact value; a learning rate of 1e-9 keeps the one Adam step negligible
    const frozen = { iterations: 1, lrU: 1e-9, lrM: 1e-9, lambdaInit: -ergodicLambda(1, c), evalPoints: 1024 };
    const exact = await solveWith(1, c, [trigNet(1, 1, () => [-c, 0]), trigNet(1, 1, () => [2 * c, 0])], frozen);
    const m = exact.metrics;
    // d = 1: the Latin points integrate ln Z spectrally, so the only error left is float32
    assert.ok(m.rel_l2_u! < 1e-6 && m.rel_l2_m! < 1e-5 && m.lambda_abs_error! < 1e-6, JSON.stringify(m));
    assert.ok(m.hjb_rms! < 1e-4 && m.fp_rms! < 1e-4, JSON.stringify(m));
    const off = await solveWith(1, c, [trigNet(1, 1, () => [-1.05 * c, 0]), trigNet(1, 1, () => [2 * c, 0])], frozen);
    assert.ok(Math.abs(off.metrics.rel_l2_u! - 0.05) < 1e-3, `rel_l2_u ${off.metrics.rel_l2_u}`);
    assert.ok(off.metrics.hjb_rms! > 0.1 && off.metrics.fp_rms! > 0.1, JSON.stringify(off.metrics));
  });

  it("trains to the exact (w, m, λ') in d = 1, and run.u / run.m agree with the exact fields pointwise", async function () {
    this.timeout(600_000);
    const x = tf.tensor2d([[0.1], [0.25], [0.6]]);
    const options = { iterations: 300, evalEvery: 300, batch: 128, lrU: 3e-2, lrM: 3e-2, lrDecay: 0.03 };
    const r = await solveWith(1, 1, [trigNet(1, 2), trigNet(1, 2)], options, x);
    x.dispose();
    const m = r.metrics;
    assert.ok(m.rel_l2_u! < 1e-2 && m.rel_l2_m! < 1e-2 && m.lambda_abs_error! < 1e-2, JSON.stringify(m));
    assert.ok(r.lambda < 0, "the core's λ' = −d ln I₀(2c) is negative");
    const [u, uEx, mm, mEx] = r.at as [number[], number[], number[], number[]];
    for (let i = 0; i < 3; i++) {
      assert.ok(Math.abs(u[i]! - uEx[i]!) < 2e-2, `w at point ${i}: ${u[i]} vs ${uEx[i]}`);
      assert.ok(Math.abs(mm[i]! - mEx[i]!) < 5e-2, `m at point ${i}: ${mm[i]} vs ${mEx[i]}`);
    }
    const evals = r.history.filter((h) => h.rel_l2_u !== undefined);
    assert.deepEqual(evals.map((h) => h.iteration), [300]);
    // metrics() is the evaluation after the last iteration, the one in the history
    for (const [k, v] of Object.entries(m)) assert.equal(evals[0]![k], v, k);
  });

  it("run.u and run.m are normalised whatever the nets' constants: ∫w = 0 and ∫m = 1 along the d = 1 circle", async () => {
    const c = 0.5;
    const spec = ergodicTorusSpec({ d: 1, c });
    const nets = { value: trigNet(1, 1, () => [-c, 0.3], 0.7), density: trigNet(1, 1, () => [2 * c, 0], -1.2) };
    const run = await mfg.solve(mfg.ergodic(spec), { iterations: 1, lrU: 1e-9, lrM: 1e-9, ...nets });
    const { t, x } = domains.torusLine([0], [1], 257);
    const [w, m] = tf.tidy(() => [run.u(x), run.m(x)].map((v) => Array.from(v.dataSync()).slice(0, -1)));
    x.dispose();
    run.dispose();
    nets.value.dispose();
    nets.density.dispose();
    assert.equal(t.length, 257);
    // the periodic trapezoid rule on 256 nodes is exact for these trigonometric polynomials
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(Math.abs(mean(w!)) < 1e-4, `∫w = ${mean(w!)}`);
    assert.ok(Math.abs(mean(m!) - 1) < 1e-4, `∫m = ${mean(m!)}`);
  });
});
