import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { rng } from "../../src/random";
import { gaussianMixture } from "../../src/sampling";
import {
  EIGHT_GAUSSIANS, MixtureGan, fisherRaoMixtures, modesCovered, ringLogLikelihood, ringMeans, ringMixture,
  simplexDefect, stackedMlp, trainMixtureGan,
} from "../../src/wfr";

describe("wfr: 8-Gaussian ring metrics", () => {
  before(async () => {
    await initBackend();
  });

  it("log-likelihood at a mode centre and of true samples matches the closed forms", () => {
    const s2 = 0.01;
    // at μ_0 the nearest other mode is at distance 2 sin(π/8); add its two contributions by hand
    const dn = 2 * Math.sin(Math.PI / 8), dfar = Math.SQRT2;
    const byHand = Math.log((1 + 2 * Math.exp(-(dn ** 2) / (2 * s2)) + 2 * Math.exp(-(dfar ** 2) / (2 * s2))) / 8 / (2 * Math.PI * s2));
    assert.ok(Math.abs(ringLogLikelihood(EIGHT_GAUSSIANS, [1, 0]) - byHand) < 1e-12);
    // well separated modes: E log p ≈ log(1/8) − log(2πσ²) − 1 (minus the entropy), 20000 samples
    const xs = gaussianMixture(rng(3), 20000, ringMixture(EIGHT_GAUSSIANS));
    const xy = xs.dataSync();
    xs.dispose();
    const expected = -Math.log(8) - Math.log(2 * Math.PI * s2) - 1;
    assert.ok(Math.abs(ringLogLikelihood(EIGHT_GAUSSIANS, xy) - expected) < 0.03, `${ringLogLikelihood(EIGHT_GAUSSIANS, xy)} vs ${expected}`);
    assert.equal(modesCovered(EIGHT_GAUSSIANS, xy), 8);
  });

  it("counts only modes holding ≥ 1/32 of the samples within 3 std", () => {
    const [m0, m1] = ringMeans(EIGHT_GAUSSIANS) as [[number, number], [number, number]];
    const pts = (m: [number, number], k: number, off = 0): number[] => Array.from({ length: k }, () => [m[0] + off, m[1]]).flat();
    assert.equal(modesCovered(EIGHT_GAUSSIANS, [...pts(m0, 90), ...pts(m1, 10)]), 2);
    assert.equal(modesCovered(EIGHT_GAUSSIANS, [...pts(m0, 98), ...pts(m1, 2)]), 1); // 2% < 1/32
    assert.equal(modesCovered(EIGHT_GAUSSIANS, [...pts(m0, 50), ...pts(m1, 50, 0.31)]), 1); // 3.1 std away
  });
});

describe("wfr: mixtures of WGANs", () => {
  before(async () => {
    await initBackend();
  });

  it("the Fisher–Rao step on the mixtures matches its definition on a 2×2 case", () => {
    const w = Float64Array.from([0.5, 0.5]), v = Float64Array.from([0.25, 0.75]);
    // ℓ[j·I + i]: ℓ_00 = 1, ℓ_01 = 0, ℓ_10 = 2, ℓ_11 = −1
    fisherRaoMixtures(w, v, [1, 0, 2, -1], 0.5);
    // Σ_j v_j ℓ_ij = (0.25 + 1.5, −0.75); Σ_i w_i ℓ_ij = (0.5, 0.5)
    const a = Math.exp(-0.5 * 1.75), b = Math.exp(0.5 * 0.75);
    assert.ok(Math.abs(w[0]! - a / (a + b)) < 1e-15 && Math.abs(v[0]! - 0.25) < 1e-15, `${w} ${v}`);
    assert.throws(() => fisherRaoMixtures(w, v, [1, 2, 3], 0.5), /payoff has 3 entries, expected 2×2/);
  });

  it("a stacked network k computes its own one-hidden-layer map", () => {
    const net = stackedMlp(rng(1), 2, 3, 4, 2, "t");
    const x = tf.tensor3d(Float32Array.from(rng(2).normalArray(2 * 5 * 3)), [2, 5, 3]);
    const out = net.apply(x);
    const [W1, b1, W2, b2] = net.vars;
    const k = 1;
    const manual = tf.tidy(() => {
      const h = tf.leakyRelu(tf.add(tf.matMul(x.gather([k]).squeeze([0]), W1!.gather([k]).squeeze([0])), b1!.gather([k]).squeeze([0])), 0.2);
      return tf.add(tf.matMul(h, W2!.gather([k]).squeeze([0])), b2!.gather([k]).squeeze([0]));
    });
    const got = tf.tidy(() => out.gather([k]).squeeze([0]));
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(got, manual))).dataSync()[0]!);
    assert.ok(diff < 1e-6, `diff ${diff}`);
    tf.dispose([x, out, manual, got]);
    net.dispose();
  });

  it("stacked networks of any depth: two hidden layers by hand; no hidden layer is affine; bad widths are named", () => {
    const x = tf.tensor3d(Float32Array.from(rng(3).normalArray(2 * 4 * 2)), [2, 4, 2]);
    const deep = stackedMlp(rng(1), 2, 2, [5, 3], 2, "deep");
    assert.deepEqual([deep.vars.length, deep.hidden], [6, [5, 3]]);
    const [W1, b1, W2, b2, W3, b3] = deep.vars.map((v) => v.gather([0]).squeeze([0]));
    const manual = tf.tidy(() => {
      const x0 = x.gather([0]).squeeze([0]);
      const h1 = tf.leakyRelu(tf.add(tf.matMul(x0, W1!), b1!), 0.2);
      const h2 = tf.leakyRelu(tf.add(tf.matMul(h1, W2!), b2!), 0.2);
      return tf.add(tf.matMul(h2, W3!), b3!);
    });
    const got = tf.tidy(() => deep.apply(x).gather([0]).squeeze([0]));
    assert.ok(tf.tidy(() => tf.max(tf.abs(tf.sub(got, manual))).dataSync()[0]!) < 1e-6);
    const affine = stackedMlp(rng(1), 2, 2, [], 2, "affine");
    assert.equal(affine.vars.length, 2);
    // affine: f(a + b) − f(a) − f(b) + f(0) = 0
    const f = (t: tf.Tensor3D) => affine.apply(t);
    const a = x, b = tf.reverse(x, 1) as tf.Tensor3D;
    const gap = tf.tidy(() => tf.max(tf.abs(tf.add(tf.sub(tf.sub(f(tf.add(a, b) as tf.Tensor3D), f(a)), f(b)), f(tf.zerosLike(a))))).dataSync()[0]!);
    assert.ok(gap < 1e-5, `affine gap ${gap}`);
    assert.throws(() => stackedMlp(rng(1), 2, 2, [4, 0], 2, "bad"), /hidden\[1\]/);
    tf.dispose([x, b, manual, got, ...[W1, b1, W2, b2, W3, b3]]);
    deep.dispose();
    affine.dispose();
  });

  it("training steps leak no tensors, clip the critics and keep the weights on the simplex", () => {
    const gan = new MixtureGan({ generators: 3, critics: 2, etaFR: 5, genSteps: 1, seed: 4, batch: 32, clip: 0.05 });
    gan.criticStep();
    gan.generatorStep(); // Adam creates its slots on the first step
    const before = tf.memory().numTensors;
    gan.criticStep();
    gan.generatorStep();
    assert.equal(tf.memory().numTensors, before);
    for (const p of gan.critic.vars) {
      const m = tf.tidy(() => tf.max(tf.abs(p)).dataSync()[0]!);
      assert.ok(m <= 0.05 + 1e-7, `critic weight ${m} beyond the clip`);
    }
    for (let t = 0; t < 5; t++) gan.generatorStep();
    assert.ok(simplexDefect(gan.w) < 1e-12 && simplexDefect(gan.v) < 1e-12);
    assert.ok(gan.w.some((x) => Math.abs(x - 1 / 3) > 1e-6), "etaFR > 0 moved the generator weights");
    gan.dispose();
  });

  it("positions-only training keeps uniform weights; sampling follows the weights", () => {
    const gan = new MixtureGan({ generators: 2, critics: 1, etaFR: 0, genSteps: 1, seed: 5, batch: 16 });
    gan.criticStep();
    gan.generatorStep();
    assert.deepEqual(Array.from(gan.w), [0.5, 0.5]);
    gan.w.set([0, 1]);
    const { xy, component } = gan.sample(50, 1);
    assert.ok(component.every((c) => c === 1) && xy.length === 100);
    gan.dispose();
  });

  it("trainMixtureGan runs on src/train's loop: evaluations every evalEvery updates, loss history, named config errors", () => {
    const evals: number[] = [];
    const run = trainMixtureGan({ generators: 2, critics: 1, etaFR: 1, genSteps: 7, seed: 3, batch: 16, genHidden: 8, criticHidden: 8, nCritic: 2 },
      3, 200, (r) => evals.push(r.genStep));
    assert.deepEqual(evals, [3, 6, 7]);
    assert.deepEqual(run.rows.map((r) => r.genStep), [3, 6, 7]);
    // history rows at loop steps 0, 3, 6 (the last), with both players' losses as plain numbers
    assert.deepEqual(run.history.map((h) => h.step), [0, 3, 6]);
    for (const h of run.history) assert.ok(Number.isFinite(h.critic) && Number.isFinite(h.generator) && h.lr === 1e-3, JSON.stringify(h));
    run.gan.dispose();
    const ok = { generators: 1, critics: 1, etaFR: 0, genSteps: 1, seed: 0 };
    assert.throws(() => new MixtureGan({ ...ok, clip: 0 }), /MixtureGan: clip must be finite and > 0, got 0/);
    assert.throws(() => new MixtureGan({ ...ok, critics: 1.5 }), /MixtureGan: critics must be a positive integer, got 1.5/);
    assert.throws(() => new MixtureGan({ ...ok, etaFR: -1 }), /MixtureGan: etaFR must be finite and >= 0, got -1/);
    assert.throws(() => trainMixtureGan(ok, 0, 10), /trainMixtureGan: evalEvery must be a positive integer, got 0/);
  });
});
