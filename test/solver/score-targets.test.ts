import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { gaussianMixture } from "../../src/domains";
import { bimodal1d, ring2d } from "../../src/problems";
import { rng } from "../../src/random";
import { exactTargetNoise, stableTargetNoise, trainScore, type ScoreTrainOptions, type TargetRows } from "../../src/scores";

/** rows noised from x0 by hand: x_t = e^{−t}x₀ + σ_t ε, with the drawn ε */
function noised(x0: Float32Array, d: number, ts: number[], seed: number): TargetRows & { eps: Float32Array } {
  const r = rng(seed), n = ts.length;
  const eps = Float32Array.from(r.normalArray(n * d)), xt = new Float32Array(n * d);
  ts.forEach((t, i) => {
    for (let k = 0; k < d; k++) xt[i * d + k] = Math.exp(-t) * (x0[i * d + k] as number) + Math.sqrt(1 - Math.exp(-2 * t)) * (eps[i * d + k] as number);
  });
  return { t: Float32Array.from(ts), xt, eps };
}

const rms = (a: Float32Array, b: Float32Array): number => Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0) / a.length);

describe("scores: DSM regression targets (dsm, stable target field, exact)", () => {
  const pi = ring2d(), d = 2;
  const ts = Array.from({ length: 64 }, (_, i) => 0.02 + (1.5 * i) / 63);
  let x0a: Float32Array = new Float32Array(0);
  before(async () => {
    await initBackend();
    x0a = tf.tidy(() => gaussianMixture(rng(3), ts.length, pi).dataSync() as Float32Array);
  });

  it("with its own point as the only reference, STF is the sample's own noise ε", () => {
    const rows = noised(x0a, d, ts, 5);
    for (let i = 0; i < ts.length; i++) {
      const one = { t: rows.t.subarray(i, i + 1), xt: rows.xt.subarray(i * d, i * d + d) };
      const eps = rows.eps.subarray(i * d, i * d + d);
      const got = stableTargetNoise(one, x0a.subarray(i * d, i * d + d), d);
      for (let k = 0; k < d; k++) assert.ok(Math.abs((got[k] as number) - (eps[k] as number)) < 1e-4, `row ${i}: ${got[k]} vs ε ${eps[k]}`);
    }
  });

  it("STF converges to the closed-form −σ∇log p_t as the reference grows (and ε itself is far from it)", () => {
    const rows = noised(x0a, d, ts, 5);
    const exact = exactTargetNoise(rows, pi, d);
    const errs = [128, 2048, 32768].map((m) => {
      const extra = tf.tidy(() => gaussianMixture(rng(11), m - ts.length, pi).dataSync() as Float32Array);
      const ref = new Float32Array(m * d);
      ref.set(x0a);
      ref.set(extra, x0a.length);
      return rms(stableTargetNoise(rows, ref, d), exact);
    });
    const raw = rms(rows.eps, exact);
    assert.ok(errs[0]! < raw && errs[1]! < 0.5 * errs[0]! && errs[2]! < 0.5 * errs[1]!, `STF error by reference size ${errs.join(", ")} (own noise ${raw})`);
    assert.ok(errs[2]! < 0.03, `STF with 32768 reference points: RMS ${errs[2]} from the exact target`);
  });

  it("rejects a reference of the wrong shape, naming it", () => {
    const rows = noised(x0a, d, ts, 5);
    assert.throws(() => stableTargetNoise(rows, new Float32Array(3), d), /stableTargetNoise: the reference has 3 numbers/);
  });

  const base: ScoreTrainOptions = { data: bimodal1d(), t0: 1e-3, T: 5, gamma: 0, regime: "fresh", trainSize: 16, hidden: [8], steps: 3, batch: 32, lr: 1e-2, seed: 7, logEvery: 1 };
  it("training with each target: same batches, different losses, no tensor leaks, bit-for-bit reruns", () => {
    const before = tf.memory().numTensors;
    const first = (o: ScoreTrainOptions): number[] => {
      const a = trainScore(o);
      a.potential.dispose();
      return a.train.history.map((r) => r.dsm as number);
    };
    const dsm = first(base), stf = first({ ...base, target: "stf", stfReference: 256 }), exact = first({ ...base, target: "exact" });
    const fixedStf = first({ ...base, regime: "fixed", target: "stf" });
    assert.deepEqual(first({ ...base, target: "stf", stfReference: 256 }), stf);
    assert.deepEqual(first({ ...base, target: "dsm" }), dsm);
    // the same net and batch at step 0: the loss differs only through the target, and the averaged targets have less variance
    assert.ok(stf[0]! < dsm[0]! && exact[0]! < dsm[0]!, `step-0 DSM terms: dsm ${dsm[0]}, stf ${stf[0]}, exact ${exact[0]}`);
    assert.ok(Math.abs(stf[0]! - exact[0]!) < 0.1 * dsm[0]!, `stf ${stf[0]} vs exact ${exact[0]}`);
    assert.equal(fixedStf.length, 3);
    assert.equal(tf.memory().numTensors, before, "tensors after training");
  });

  it("rejects bad target options naming the field", () => {
    assert.throws(() => trainScore({ ...base, target: "oracle" as never }), /trainScore: target must be/);
    assert.throws(() => trainScore({ ...base, target: "stf", stfReference: 16 }), /trainScore: stfReference \(16\) must be at least the batch \(32\)/);
  });
});
