import { strict as assert } from "assert";
import { initBackend } from "../../src/backend";
import { latinTorus, torusLine } from "../../src/domains";
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
