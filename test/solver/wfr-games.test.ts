import { strict as assert } from "assert";
import { rng } from "../../src/random";
import {
  averageMeasures, ell, finalNi, logCheckpoints, lowestBySeed, summariseSweep, type SweepRow, ellGrads, langevinStep, mirrorStep, moments, nikaidoIsoda, payoffX, payoffY, polyGame,
  polyGameA, polyGameB, quadGrad, quadValue, runGame, simplexDefect, sphereDefect, uniformMeasure, wfrStep,
  type GameState, type ParticleMeasure, type PolyGame,
} from "../../src/wfr";

const diag = (...v: number[]): Float64Array => {
  const M = new Float64Array(v.length * v.length);
  v.forEach((x, i) => (M[i * v.length + i] = x));
  return M;
};
const measure = (d: number, rows: number[][], w: number[]): ParticleMeasure =>
  ({ d, n: rows.length, pos: Float64Array.from(rows.flat()), w: Float64Array.from(w) });

/** ℓ(x,y) = xᵀPx + xᵀy + yᵀQy on S² × S²: any zero-mean μ_x on {x₃ = 0} and μ_y = ½(δ_{e1} + δ_{-e1}) is a mixed equilibrium */
const known: PolyGame = polyGame("known", 3, { P: diag(0, 0, 2), B: diag(1, 1, 1), Q: diag(1, 0.3, -0.5) });
const pair = (v: number[]): number[][] => [v, v.map((c) => -c)];

describe("wfr: polynomial games, gradients, moments", () => {
  it("analytic ∇ℓ matches central finite differences (ℓ_a and ℓ_b, d = 4)", () => {
    const r = rng(11);
    for (const g of [polyGameA(4, 1), polyGameB(4, 2)]) {
      const x = r.normalArray(4), y = r.normalArray(4);
      const gx = new Float64Array(4), gy = new Float64Array(4);
      ellGrads(g, x, y, gx, gy);
      const h = 1e-6;
      for (let k = 0; k < 4; k++) {
        const shift = (v: Float64Array, dv: number): Float64Array => v.map((c, i) => (i === k ? c + dv : c));
        const xp = shift(x, h), xm = shift(x, -h), yp = shift(y, h), ym = shift(y, -h);
        const fdx = (ell(g, xp, y) - ell(g, xm, y)) / (2 * h), fdy = (ell(g, x, yp) - ell(g, x, ym)) / (2 * h);
        assert.ok(Math.abs(fdx - gx[k]!) < 1e-6 * (1 + Math.abs(fdx)), `${g.name} ∂x${k}: fd ${fdx} vs ${gx[k]}`);
        assert.ok(Math.abs(fdy - gy[k]!) < 1e-6 * (1 + Math.abs(fdy)), `${g.name} ∂y${k}: fd ${fdy} vs ${gy[k]}`);
      }
    }
  });

  it("payoff forms from moments equal the explicit sums over particles, value and gradient", () => {
    const g = polyGameA(5, 3);
    const r = rng(5);
    const mx = uniformMeasure(r, 7, 5), my = uniformMeasure(r, 9, 5);
    // probability weights: the P and p terms of ℓ assume total mass 1
    const unitMass = (w: Float64Array): Float64Array => { const t = w.reduce((a, b) => a + b, 0); return w.map((v) => v / t); };
    mx.w.set(unitMass(r.uniformArray(7))); my.w.set(unitMass(r.uniformArray(9)));
    const fx = payoffX(g, moments(my)), fy = payoffY(g, moments(mx));
    const gq = new Float64Array(5), gx = new Float64Array(5), gy = new Float64Array(5);
    for (let i = 0; i < 7; i++) {
      const x = mx.pos.subarray(i * 5, i * 5 + 5);
      let val = 0; const grad = new Float64Array(5);
      for (let j = 0; j < 9; j++) {
        const y = my.pos.subarray(j * 5, j * 5 + 5);
        val += my.w[j]! * ell(g, x, y);
        ellGrads(g, x, y, gx, gy);
        gx.forEach((v, k) => (grad[k]! += my.w[j]! * v));
      }
      assert.ok(Math.abs(quadValue(fx, x) - val) < 1e-12 * (1 + Math.abs(val)), `value at x_${i}`);
      quadGrad(fx, x, gq);
      gq.forEach((v, k) => assert.ok(Math.abs(v - grad[k]!) < 1e-11 * (1 + Math.abs(v)), `grad at x_${i}[${k}]`));
    }
    const y0 = my.pos.subarray(0, 5);
    let val = 0;
    for (let i = 0; i < 7; i++) val += mx.w[i]! * ell(g, mx.pos.subarray(i * 5, i * 5 + 5), y0);
    assert.ok(Math.abs(quadValue(fy, y0) - val) < 1e-12 * (1 + Math.abs(val)));
  });

  it("moments of a time-averaged measure are the average of the moments", () => {
    const r = rng(8);
    const a = uniformMeasure(r, 4, 3), b = uniformMeasure(r, 6, 3);
    const avg = moments(averageMeasures([a, b])), ma = moments(a), mb = moments(b);
    avg.M2.forEach((v, k) => assert.ok(Math.abs(v - (ma.M2[k]! + mb.M2[k]!) / 2) < 1e-15));
    avg.m1.forEach((v, k) => assert.ok(Math.abs(v - (ma.m1[k]! + mb.m1[k]!) / 2) < 1e-15));
    assert.ok(simplexDefect(averageMeasures([a, b]).w) < 1e-15);
  });

  it("rejects coefficients of the wrong size, naming them", () => {
    assert.throws(() => polyGame("bad", 3, { Q: new Float64Array(4) }), /Q must have 9 entries/);
    assert.throws(() => polyGameA(1, 0), /d must be an integer >= 2/);
  });
});

describe("wfr: Nikaido–Isoda error", () => {
  const ni = (x: ParticleMeasure, y: ParticleMeasure): number => nikaidoIsoda(known, moments(x), moments(y), rng(1)).ni;
  const eqY = measure(3, pair([1, 0, 0]), [0.5, 0.5]);

  it("is ≈ 0 at the constructed mixed equilibrium", () => {
    assert.ok(Math.abs(ni(measure(3, pair([1, 0, 0]), [0.5, 0.5]), eqY)) < 1e-10);
    const s = Math.SQRT1_2;
    assert.ok(Math.abs(ni(measure(3, [...pair([s, s, 0]), ...pair([1, 0, 0])], [0.2, 0.2, 0.3, 0.3]), eqY)) < 1e-10);
  });

  it("equals its closed form away from the equilibrium", () => {
    // y on ±e2: max_y yᵀQy = 1, min_x E[yᵀQy] = 0.3
    assert.ok(Math.abs(ni(measure(3, pair([1, 0, 0]), [0.5, 0.5]), measure(3, pair([0, 1, 0]), [0.5, 0.5])) - 0.7) < 1e-9);
    // x on ±e3: max_y 2 + yᵀQy = 3, min_x xᵀPx + 1 = 1
    assert.ok(Math.abs(ni(measure(3, pair([0, 0, 1]), [0.5, 0.5]), eqY) - 2) < 1e-9);
    // x = δ_{e1}: max_y y₁ + yᵀQy = 2 at e1, min_x = 1
    assert.ok(Math.abs(ni(measure(3, [[1, 0, 0]], [1]), eqY) - 1) < 1e-9);
  });

  it("is ≥ 0 and brackets the mixed payoff for random measures of ℓ_a", () => {
    for (const seed of [1, 2, 3]) {
      const g = polyGameA(6, seed), r = rng(seed);
      const x = uniformMeasure(r, 20, 6), y = uniformMeasure(r, 20, 6);
      const res = nikaidoIsoda(g, moments(x), moments(y), rng(seed));
      const mixed = expectation(g, x, y);
      assert.ok(res.ni >= 0, `NI ${res.ni}`);
      assert.ok(res.maxY >= mixed - 1e-12 && res.minX <= mixed + 1e-12, `${res.minX} <= ${mixed} <= ${res.maxY}`);
    }
  });

  it("multi-start ascent finds the best response a fine grid finds on the circle (d = 2)", () => {
    for (const seed of [4, 5, 6]) {
      const g = polyGameA(2, seed), r = rng(seed);
      const sx = moments(uniformMeasure(r, 5, 2)), sy = moments(uniformMeasure(r, 5, 2));
      const fy = payoffY(g, sx), fx = payoffX(g, sy);
      let gridMax = -Infinity, gridMin = Infinity;
      for (let k = 0; k < 200000; k++) {
        const z = [Math.cos((2 * Math.PI * k) / 200000), Math.sin((2 * Math.PI * k) / 200000)];
        gridMax = Math.max(gridMax, quadValue(fy, z));
        gridMin = Math.min(gridMin, quadValue(fx, z));
      }
      const res = nikaidoIsoda(g, sx, sy, rng(seed));
      assert.ok(Math.abs(res.maxY - gridMax) < 1e-8 && Math.abs(res.minX - gridMin) < 1e-8, `seed ${seed}`);
    }
  });
});

function expectation(g: PolyGame, x: ParticleMeasure, y: ParticleMeasure): number {
  let s = 0;
  for (let i = 0; i < x.n; i++) {
    for (let j = 0; j < y.n; j++) s += x.w[i]! * y.w[j]! * ell(g, x.pos.subarray(i * g.d, (i + 1) * g.d), y.pos.subarray(j * g.d, (j + 1) * g.d));
  }
  return s;
}

describe("wfr: dynamics", () => {
  it("one WFR-DA step on two particles per player matches the update worked by hand", () => {
    // ℓ = x·y on S¹; x at e1, e2 with w = (½, ½); y at e1, e2 with v = (¾, ¼); η = 0.1, η' = 0.4
    const g = polyGame("bilinear", 2, { B: diag(1, 1) });
    const s: GameState = { x: measure(2, [[1, 0], [0, 1]], [0.5, 0.5]), y: measure(2, [[1, 0], [0, 1]], [0.75, 0.25]) };
    wfrStep(g, s, 0.1, 0.4);
    const unit = (a: number, b: number): number[] => [a / Math.hypot(a, b), b / Math.hypot(a, b)];
    // x payoffs Σ v_j x_i·y_j = (¾, ¼); Σ v_j y_j = (¾, ¼) has tangent parts (0, ¼) at e1 and (¾, 0) at e2
    const w1 = Math.exp(-0.4 * 0.75) / (Math.exp(-0.4 * 0.75) + Math.exp(-0.4 * 0.25));
    const expectX = [...unit(1, -0.025), ...unit(-0.075, 1)];
    // y payoffs Σ w_i x_i·y_j = (½, ½) leave v unchanged; Σ w_i x_i = (½, ½), tangent (0, ½) at e1, (½, 0) at e2
    const expectY = [...unit(1, 0.05), ...unit(0.05, 1)];
    assert.ok(Math.abs(s.x.w[0]! - w1) < 1e-15 && Math.abs(s.x.w[1]! - (1 - w1)) < 1e-15, `w = ${s.x.w}`);
    assert.ok(Math.abs(s.y.w[0]! - 0.75) < 1e-15 && Math.abs(s.y.w[1]! - 0.25) < 1e-15, `v = ${s.y.w}`);
    expectX.forEach((v, k) => assert.ok(Math.abs(s.x.pos[k]! - v) < 1e-15, `x[${k}] ${s.x.pos[k]} vs ${v}`));
    expectY.forEach((v, k) => assert.ok(Math.abs(s.y.pos[k]! - v) < 1e-15, `y[${k}] ${s.y.pos[k]} vs ${v}`));
  });

  it("weights stay on the simplex and particles on the sphere for all three dynamics", () => {
    const g = polyGameA(5, 9);
    const r = rng(2);
    const fresh = (): GameState => ({ x: uniformMeasure(r, 30, 5), y: uniformMeasure(r, 30, 5) });
    const a = fresh(), b = fresh(), c = fresh();
    for (let t = 0; t < 300; t++) {
      wfrStep(g, a, 0.02, 2);
      langevinStep(g, b, 0.02, 50, r);
      mirrorStep(g, c, 2);
    }
    for (const s of [a, b, c]) {
      for (const m of [s.x, s.y]) {
        assert.ok(simplexDefect(m.w) < 1e-12, `simplex ${simplexDefect(m.w)}`);
        assert.ok(sphereDefect(m.pos, 5) < 1e-12, `sphere ${sphereDefect(m.pos, 5)}`);
      }
    }
    assert.ok(a.x.w.some((w) => Math.abs(w - 1 / 30) > 1e-3), "WFR moved the weights");
    assert.ok(b.x.w.every((w) => w === 1 / 30), "Langevin kept the weights");
  });

  it("WFR-DA drives the time-averaged NI of the constructed game towards 0; runs are seeded", () => {
    const o = { method: "wfr", n: 20, steps: 2000, eta: 0.05, etaFR: 1, beta: 0, seed: 3, checkpoints: [10, 2000] } as const;
    const run = runGame(known, o);
    const [early, late] = run.rows;
    assert.ok(late!.ni < 0.05 && late!.ni < early!.ni / 5, `NI ${early!.ni} -> ${late!.ni}`);
    assert.deepEqual(runGame(known, o).rows, run.rows);
    const lv = { ...o, method: "langevin", beta: 100 } as const;
    assert.deepEqual(runGame(known, lv).rows, runGame(known, lv).rows);
  });
});

describe("wfr: sweep summaries", () => {
  it("log-spaced checkpoints end at the last step; summaries average over seeds", () => {
    const cp = logCheckpoints(1000, 5);
    assert.deepEqual([cp[0], cp.at(-1)], [1, 1000]);
    assert.ok(cp.every((c, i) => i === 0 || c > cp[i - 1]!));
    const row = (seed: number, step: number, ni: number): SweepRow => ({ d: 2, n: 10, method: "wfr", seed, step, ni, niLast: 2 * ni, niPaper: 3 * ni });
    const s = summariseSweep([row(1, 5, 1), row(2, 5, 3), row(1, 9, 0.5), row(2, 9, 1.5)]);
    const last = s.find((r) => r.step === 9)!;
    assert.deepEqual([last.mean, last.min, last.max, last.lastMean, last.seeds], [1, 0.5, 1.5, 2, 2]);
    assert.ok(Math.abs(last.std - Math.SQRT1_2) < 1e-15);
    assert.equal(finalNi(s, 2, "wfr"), 1);
    assert.throws(() => finalNi(s, 3, "wfr"), /no rows for d=3/);
    const other = (method: "langevin" | "mirror", seed: number, ni: number): SweepRow => ({ ...row(seed, 9, ni), method });
    assert.deepEqual(lowestBySeed([row(1, 9, 0.5), row(2, 9, 1.5), other("langevin", 1, 0.7), other("langevin", 2, 1), other("mirror", 1, 2), other("mirror", 2, 3), row(1, 5, 9)], "ni"),
      [{ d: 2, n: 10, seeds: 2, wins: { wfr: 1, langevin: 1, mirror: 0 } }]);
    const paper = summariseSweep([row(1, 9, 0.5), row(2, 9, 1.5)], "niPaper").find((r) => r.step === 9)!;
    assert.deepEqual([paper.mean, paper.min, paper.max], [3, 1.5, 4.5]);
  });
});

describe("wfr: the paper's NI estimator (averaged weights for WFR-DA and mirror descent, last iterate for Langevin-DA)", () => {
  const g = polyGameA(4, 11);
  const base = { n: 25, steps: 400, eta: 0.05, etaFR: 1, beta: 100, seed: 5, checkpoints: [50, 400] } as const;
  it("mirror descent: positions never move, so averaging the weights is averaging the measure", () => {
    for (const r of runGame(g, { ...base, method: "mirror" }).rows) {
      assert.ok(Math.abs(r.niPaper - r.ni) < 1e-9 * Math.max(1, r.ni), `step ${r.step}: paper ${r.niPaper} vs average ${r.ni}`);
    }
  });
  it("Langevin-DA: the paper reads the last iterate", () => {
    for (const r of runGame(g, { ...base, method: "langevin" }).rows) assert.equal(r.niPaper, r.niLast);
  });
  it("WFR-DA: with η' = 0 the weights stay uniform, so the estimator is the last iterate; with η' > 0 it is neither", () => {
    for (const r of runGame(g, { ...base, method: "wfr", etaFR: 0 }).rows) {
      assert.ok(Math.abs(r.niPaper - r.niLast) < 1e-9 * Math.max(1, r.niLast), `step ${r.step}: ${r.niPaper} vs last ${r.niLast}`);
    }
    const rows = runGame(g, { ...base, method: "wfr" }).rows;
    const last = rows.at(-1)!;
    assert.ok(Math.abs(last.niPaper - last.ni) > 1e-6 && Math.abs(last.niPaper - last.niLast) > 1e-6,
      `paper ${last.niPaper}, average ${last.ni}, last ${last.niLast}`);
  });
});
