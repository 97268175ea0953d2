import { strict as assert } from "assert";
import { initBackend } from "../../src/backend";
import { gaussianRing, latinTorus, modeBalance, sampleMixture, torusLine } from "../../src/domains";
import { rng } from "../../src/random";

describe("domains: torus lines and Latin points", () => {
  before(async () => {
    await initBackend();
  });

  it("torusLine: points of anchor + t·direction wrapped into [0,1), t = k/(n − 1)", () => {
    const { t, x } = torusLine([0.5, 0.9], [1, 1], 5);
    const a = x.arraySync();
    x.dispose();
    assert.deepEqual(t, [0, 0.25, 0.5, 0.75, 1]);
    const expect = [[0.5, 0.9], [0.75, 0.15], [0, 0.4], [0.25, 0.65], [0.5, 0.9]];
    a.forEach((row, k) => row.forEach((v, i) => assert.ok(Math.abs(v - expect[k]![i]!) < 1e-6, `point ${k} coord ${i}: ${v}`)));
  });

  it("torusLine: values stay below 1 after float32 rounding; bad input names the parameter", () => {
    const { x } = torusLine([1 - 1e-9, -1e-9], [0, 0], 2);
    const v = x.dataSync();
    x.dispose();
    assert.ok(Array.from(v).every((a) => a >= 0 && a < 1), `values ${Array.from(v)}`);
    assert.throws(() => torusLine([0, 0], [1], 5), /direction has 1 entries/);
    assert.throws(() => torusLine([0], [1], 1), /n must be an integer >= 2/);
    assert.throws(() => torusLine([], [], 3), /anchor must have at least one/);
    assert.throws(() => torusLine([NaN], [1], 3), /finite/);
  });

  it("Latin torus points: every coordinate is a shifted, permuted grid in [0,1)", () => {
    const n = 64;
    const x = latinTorus(rng(5), n, 3);
    const a = x.arraySync();
    x.dispose();
    for (let i = 0; i < 3; i++) {
      const cells = a.map((row) => Math.floor((row[i] as number) * n)).sort((p, q) => p - q);
      assert.deepEqual(cells, Array.from({ length: n }, (_, k) => k));
    }
  });
});

describe("domains: mode balance of samples against a mixture", () => {
  const ring = gaussianRing(1, 0.1);
  it("exact samples: high-quality share 1 − e^{−4.5} (the 2-D χ² law) and a histogram near the weights", () => {
    const b = modeBalance(ring, sampleMixture(ring, 40000, rng(4)));
    const expected = 1 - Math.exp(-4.5);
    assert.ok(Math.abs(b.highQuality - expected) < 3e-3, `share ${b.highQuality} vs ${expected}`);
    assert.ok(b.klToWeights < 2e-3, `KL ${b.klToWeights}`);
    b.histogram.forEach((p) => assert.ok(Math.abs(p - 1 / 8) < 0.01, `mode share ${p}`));
  });
  it("collapse onto one mode scores KL ln 8; half the modes scores ln 2; far samples are not high quality", () => {
    const one = sampleMixture({ weights: [1], means: [[1, 0]], stds: [0.05] }, 2000, rng(5));
    const b1 = modeBalance(ring, one);
    assert.ok(Math.abs(b1.klToWeights - Math.log(8)) < 1e-12 && b1.highQuality === 1, `KL ${b1.klToWeights}, share ${b1.highQuality}`);
    const half = { weights: [0.25, 0.25, 0.25, 0.25], means: ring.means.filter((_, k) => k % 2 === 0), stds: [0.05, 0.05, 0.05, 0.05] };
    assert.ok(Math.abs(modeBalance(ring, sampleMixture(half, 40000, rng(6))).klToWeights - Math.log(2)) < 1e-3);
    const far = modeBalance(ring, Float32Array.from([0, 0, 5, 5, 1, 0]));
    assert.ok(Math.abs(far.highQuality - 1 / 3) < 1e-12 && far.histogram[0] === 1, JSON.stringify(far));
    assert.equal(modeBalance(ring, Float32Array.from([0, 0])).klToWeights, Infinity);
    assert.throws(() => modeBalance(ring, [1, 2, 3]), /modeBalance: samples length 3/);
  });
});
