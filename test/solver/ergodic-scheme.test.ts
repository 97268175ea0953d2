import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import type { Net, ScalarJet } from "../../src/nets/types";
import {
  createErgodicSolver,
  ergodicTorus,
  evaluateErgodic,
  evaluationPoints,
  predictErgodic,
  trainErgodic,
  type ErgodicSolver,
} from "../../src/ergodic";

let netId = 0;

/**
 * A test net with an exact jet and no dependence on src/nets: a trigonometric polynomial
 * u = b + Σ_i Σ_{k≤K} A_ki sin(2πk x_i) + B_ki cos(2πk x_i). The exact u = cΣ sin(2πx_i) and
 * N = 2u lie in its span, so the scheme can be checked against the exact solution quickly.
 */
function trigNet(d: number, modes: number, init: (k: number, i: number) => [number, number] = () => [0, 0]): Net {
  const id = ++netId;
  const a = new Float32Array(modes * d);
  const b = new Float32Array(modes * d);
  for (let k = 0; k < modes; k++) for (let i = 0; i < d; i++) [a[k * d + i], b[k * d + i]] = init(k + 1, i);
  const A = tf.variable(tf.tensor2d(a, [modes, d]), true, `trig_A_${id}`);
  const B = tf.variable(tf.tensor2d(b, [modes, d]), true, `trig_B_${id}`);
  const bias = tf.variable(tf.scalar(0), true, `trig_b_${id}`);
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

function withSolver<T>(d: number, c: number, nets: [Net, Net], over: object, f: (s: ErgodicSolver) => T): T {
  const s = createErgodicSolver(ergodicTorus({ d, c }), nets[0], nets[1], over);
  try {
    return f(s);
  } finally {
    s.dispose();
    nets[0].dispose();
    nets[1].dispose();
  }
}

describe("ergodic MFG: the alternating two-player scheme", () => {
  before(async () => {
    await initBackend();
  });

  for (const fpForm of ["plain", "over-m"] as const) {
    it(`a training step leaks no tensor and moves only each player's own variables (${fpForm})`, () => {
      withSolver(3, 0.5, [trigNet(3, 2, () => [0.1, 0.05]), trigNet(3, 2, () => [0.2, -0.1])], { fpForm, batch: 64, zSamples: 128 }, (s) => {
        s.step(0); // creates Adam's slots
        const before = tf.memory().numTensors;
        const logs = s.step(1);
        assert.equal(tf.memory().numTensors, before);
        assert.ok(Number.isFinite(logs.hjbLoss) && Number.isFinite(logs.fpLoss));
        assert.ok(logs.lambda !== 0, "λ is trained by the value player");
      });
    });
  }

  it("the density player does not touch the value net, and vice versa", () => {
    const value = trigNet(1, 1, () => [0.3, 0]);
    const density = trigNet(1, 1, () => [0.1, 0]);
    withSolver(1, 1, [value, density], { kU: 1, kM: 0 + 1, batch: 32, zSamples: 64 }, (s) => {
      const snap = (n: Net) => n.vars.map((v) => Array.from(v.dataSync()));
      const v0 = snap(value);
      const d0 = snap(density);
      s.step(0);
      assert.notDeepEqual(snap(value), v0);
      assert.notDeepEqual(snap(density), d0);
    });
  });

  it("the exact solution plugged into the nets gives zero metrics; a perturbed one does not", () => {
    const c = 0.7;
    // d = 1: the Latin points integrate ln Z spectrally, so the only error left is float32
    const lambdaInit = ergodicTorus({ d: 1, c }).lambdaStar;
    withSolver(1, c, [trigNet(1, 1, () => [c, 0]), trigNet(1, 1, () => [2 * c, 0])], { lambdaInit }, (s) => {
      const x = evaluationPoints(s, 1024);
      const m = evaluateErgodic(s, x);
      x.dispose();
      assert.ok(m.relL2U < 1e-6 && m.relL2M < 1e-5 && m.lambdaAbsError < 1e-6, JSON.stringify(m));
      assert.ok(m.hjbRms < 1e-4 && m.fpRms < 1e-4, JSON.stringify(m));
    });
    withSolver(1, c, [trigNet(1, 1, () => [1.05 * c, 0]), trigNet(1, 1, () => [2 * c, 0])], { lambdaInit }, (s) => {
      const x = evaluationPoints(s, 1024);
      const m = evaluateErgodic(s, x);
      x.dispose();
      assert.ok(Math.abs(m.relL2U - 0.05) < 1e-3, `relL2U ${m.relL2U}`);
      assert.ok(m.hjbRms > 0.1 && m.fpRms > 0.1, JSON.stringify(m));
    });
  });

  it("trains to the exact (u, m, λ) in d = 1 (trigonometric nets, FP residual over m)", function () {
    this.timeout(240_000);
    // the plain form converges too, but much more slowly: at this budget only over-m is asserted
    for (const fpForm of ["over-m"] as const) {
      withSolver(1, 1, [trigNet(1, 2), trigNet(1, 2)], { fpForm, iterations: 300, evalEvery: 300, batch: 128, lrU: 3e-2, lrM: 3e-2, lrDecay: 0.03 }, (s) => {
        const rows = trainErgodic(s);
        const last = rows[rows.length - 1]!;
        assert.ok(last.relL2U < 1e-2 && last.relL2M < 1e-2 && last.lambdaAbsError < 1e-2, `${fpForm}: ${JSON.stringify(last)}`);
        const x = tf.tensor2d([[0.1], [0.25], [0.6]]);
        const p = predictErgodic(s, x);
        x.dispose();
        for (let i = 0; i < 3; i++) {
          assert.ok(Math.abs(p.u[i]! - p.uExact[i]!) < 2e-2, `u at point ${i}`);
          assert.ok(Math.abs(p.m[i]! - p.mExact[i]!) < 5e-2, `m at point ${i}`);
        }
      });
    }
  });

  it("a non-finite loss throws, naming the iteration and the term", () => {
    withSolver(1, 1, [trigNet(1, 1, () => [NaN, 0]), trigNet(1, 1)], {}, (s) => {
      assert.throws(() => s.step(4), /non-finite HJB loss .* iteration 4/);
    });
  });

  it("rejects nets whose input width is not d", () => {
    const p = ergodicTorus({ d: 2, c: 1 });
    const a = trigNet(3, 1);
    const b = trigNet(2, 1);
    assert.throws(() => createErgodicSolver(p, a, b), /value net inDim 3 != d = 2/);
    a.dispose();
    b.dispose();
  });
});
