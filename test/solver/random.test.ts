import { strict as assert } from "node:assert";
import { rng } from "../../src/random";

function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0, s2 = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  const mean = s / xs.length;
  for (let i = 0; i < xs.length; i++) s2 += ((xs[i] as number) - mean) ** 2;
  return { mean, variance: s2 / (xs.length - 1) };
}

describe("random: seeded rng", () => {
  it("same seed -> same numbers; different seed -> different numbers", () => {
    const a = rng(42), b = rng(42), c = rng(43);
    const xa = Array.from({ length: 100 }, () => a.uniform());
    const xb = Array.from({ length: 100 }, () => b.uniform());
    const xc = Array.from({ length: 100 }, () => c.uniform());
    assert.deepEqual(xa, xb);
    assert.notDeepEqual(xa, xc);
    assert.deepEqual(Array.from(rng(7).normalArray(50)), Array.from(rng(7).normalArray(50)));
  });

  it("uniform lies in [0,1) with mean 1/2 and variance 1/12 within 5 standard errors", () => {
    const n = 200_000;
    const xs = rng(1).uniformArray(n);
    for (const x of xs) assert.ok(x >= 0 && x < 1, `uniform out of [0,1): ${x}`);
    const { mean, variance } = moments(xs);
    assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
    // Var of the sample variance of U(0,1): (1/80 - 1/144)/n
    assert.ok(Math.abs(variance - 1 / 12) < 5 * Math.sqrt((1 / 80 - 1 / 144) / n), `variance ${variance}`);
  });

  it("normal has mean 0, variance 1, kurtosis 3 within statistical bounds", () => {
    const n = 200_000;
    const xs = rng(2).normalArray(n);
    const { mean, variance } = moments(xs);
    assert.ok(Math.abs(mean) < 5 / Math.sqrt(n), `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 5 * Math.sqrt(2 / n), `variance ${variance}`);
    let m4 = 0;
    for (const x of xs) m4 += x ** 4;
    m4 /= n;
    assert.ok(Math.abs(m4 - 3) < 5 * Math.sqrt(96 / n), `fourth moment ${m4}`);
    const scaled = rng(3).normalArray(n, 2, 0.5);
    const ms = moments(scaled);
    assert.ok(Math.abs(ms.mean - 2) < 5 * 0.5 / Math.sqrt(n), `scaled mean ${ms.mean}`);
  });

  it("int, choice and categorical hit every outcome with the right frequencies", () => {
    const r = rng(4);
    const n = 100_000;
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) counts[r.categorical([0.2, 0.3, 0.5])]! += 1;
    [0.2, 0.3, 0.5].forEach((p, k) => {
      const se = Math.sqrt((p * (1 - p)) / n);
      assert.ok(Math.abs(counts[k]! / n - p) < 5 * se, `categorical ${k}: ${counts[k]! / n}`);
    });
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(r.choice(["a", "b", "c"]));
    assert.deepEqual([...seen].sort(), ["a", "b", "c"]);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(7);
      assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
    }
    assert.equal(r.categorical([0, 0, 1]), 2);
  });

  it("fork gives a reproducible independent stream", () => {
    const a = rng(9).fork(), b = rng(9).fork();
    assert.equal(a.uniform(), b.uniform());
    assert.notEqual(rng(9).fork().uniform(), rng(9).uniform());
  });

  it("rejects bad input with the parameter's name", () => {
    assert.throws(() => rng(1.5), /seed must be an integer/);
    assert.throws(() => rng(1).int(0), /n must be a positive integer/);
    assert.throws(() => rng(1).choice([]), /items is empty/);
    assert.throws(() => rng(1).categorical([1, -1]), /weights must be finite and >= 0/);
    assert.throws(() => rng(1).categorical([0, 0]), /sum to zero/);
  });
});
