import { strict as assert } from "assert";
import {
  integrate, jsdFlowSolver, jsdOnGrid, kdeDensity, histogramDensity, l1Distance, restrict, sampleOnGrid, solveJsdFlow, twoModes1d, uniformGrid, type Grid1D,
} from "../../src/jsd";
import { mixtureLogDensity, sampleMixture, standardNormal } from "../../src/domains";
import { rng } from "../../src/random";

const logTarget = (g: Grid1D): Float64Array => sampleOnGrid(g, (x) => mixtureLogDensity(twoModes1d, [x]));
const rho0 = (g: Grid1D): Float64Array => sampleOnGrid(g, (x) => Math.exp(mixtureLogDensity(standardNormal(1), [x])));

describe("jsd: densities on a grid", () => {
  const g = uniformGrid(-8, 8, 400);
  it("JSD is 0 for equal densities, ln 2 for disjoint ones, symmetric, natural log", () => {
    const p = rho0(g);
    assert.equal(jsdOnGrid(g, p, p), 0);
    const a = sampleOnGrid(g, (x) => (x < 0 ? 1 / 8 : 0)), b = sampleOnGrid(g, (x) => (x >= 0 ? 1 / 8 : 0));
    assert.ok(Math.abs(jsdOnGrid(g, a, b) - Math.log(2)) < 1e-12);
    const q = sampleOnGrid(g, (x) => Math.exp(mixtureLogDensity(twoModes1d, [x])));
    assert.ok(Math.abs(jsdOnGrid(g, p, q) - jsdOnGrid(g, q, p)) < 1e-15);
  });
  it("rejects negative densities and mismatched lengths, naming the argument", () => {
    assert.throws(() => jsdOnGrid(g, new Float64Array(400).fill(-1), rho0(g)), /p\[0\]/);
    assert.throws(() => jsdOnGrid(g, new Float64Array(3), rho0(g)), /p has length 3/);
  });
  it("histogram and KDE of samples of ρ_d approach ρ_d", () => {
    const xs = sampleMixture(twoModes1d, 40000, rng(3));
    const exact = sampleOnGrid(g, (x) => Math.exp(mixtureLogDensity(twoModes1d, [x])));
    const kde = kdeDensity(g, xs, 0.08);
    assert.ok(Math.abs(integrate(g, kde) - 1) < 1e-9);
    assert.ok(jsdOnGrid(g, kde, exact) < 2e-3, `KDE JSD ${jsdOnGrid(g, kde, exact)}`);
    assert.ok(l1Distance(g, kde, exact) < 0.06, `KDE L1 ${l1Distance(g, kde, exact)}`);
    assert.ok(l1Distance(g, histogramDensity(g, xs), exact) < 0.15);
  });
});

describe("jsd: finite-volume reference of the JSD flow", () => {
  const g = uniformGrid(-8, 8, 200);
  const times = [0, 0.25, 0.5, 1, 2, 4, 8, 16];
  const path = solveJsdFlow({ grid: g, logTarget: logTarget(g), u0: rho0(g), times });

  it("conserves mass to round-off", () => {
    for (const m of path.mass) assert.ok(Math.abs(m - (path.mass[0] as number)) < 1e-13, `mass ${m}`);
  });
  it("keeps u ≥ 0 and decreases JSD(u_t, ρ_d) monotonically", () => {
    const s = jsdFlowSolver({ grid: g, logTarget: logTarget(g), u0: rho0(g) });
    let prev = Infinity;
    for (let k = 1; k <= 200; k++) {
      s.advanceTo(0.05 * k);
      const u = s.density();
      assert.ok(u.every((v) => v >= 0), `negative density at t=${s.time()}`);
      const j = jsdOnGrid(g, u, s.target);
      assert.ok(j <= prev + 1e-15, `JSD rose from ${prev} to ${j} at t=${s.time()}`);
      prev = j;
    }
  });
  it("converges to ρ_d (JSD and L1)", () => {
    const last = path.densities[path.densities.length - 1] as Float64Array;
    const rho = sampleOnGrid(g, (x) => Math.exp(mixtureLogDensity(twoModes1d, [x])));
    assert.ok((path.jsd[0] as number) > 0.3);
    assert.ok((path.jsd[path.jsd.length - 1] as number) < 0.01, `JSD at t=16: ${path.jsd[path.jsd.length - 1]}`);
    assert.ok(l1Distance(g, last, rho) < 0.15);
    const late = solveJsdFlow({ grid: g, logTarget: logTarget(g), u0: rho0(g), times: [40] });
    assert.ok(l1Distance(g, late.densities[0] as Float64Array, rho) < 1e-3, "L1 to ρ_d at t=40");
  });
  it("a positive initial bump in an empty region stays ≥ 0 (u = 0 cells are harmless)", () => {
    const u0 = sampleOnGrid(g, (x) => (Math.abs(x) < 0.5 ? 1 : 0));
    const s = jsdFlowSolver({ grid: g, logTarget: logTarget(g), u0 });
    s.advanceTo(1);
    assert.ok(s.density().every((v) => v >= 0 && Number.isFinite(v)));
    assert.ok(Math.abs(integrate(g, s.density()) - integrate(g, u0)) < 1e-13);
  });
  it("rejects bad input, naming the parameter", () => {
    assert.throws(() => jsdFlowSolver({ grid: g, logTarget: logTarget(g), u0: new Float64Array(200).fill(-1) }), /u0\[0\]/);
    assert.throws(() => jsdFlowSolver({ grid: g, logTarget: logTarget(g), u0: rho0(g), cfl: 2 }), /cfl/);
    assert.throws(() => uniformGrid(1, 0, 10), /lo < hi/);
  });
  it("converges at order ≥ 1 under grid refinement (observed order reported)", function () {
    this.timeout(120000);
    const T = 1, fineN = 1920;
    const solve = (n: number): Float64Array => {
      const gn = uniformGrid(-8, 8, n);
      return solveJsdFlow({ grid: gn, logTarget: logTarget(gn), u0: rho0(gn), times: [T] }).densities[0] as Float64Array;
    };
    const fine = solve(fineN);
    const errs = [120, 240, 480].map((n) => {
      const gn = uniformGrid(-8, 8, n);
      return l1Distance(gn, solve(n), restrict(fine, fineN / n));
    });
    const orders = [Math.log2((errs[0] as number) / (errs[1] as number)), Math.log2((errs[1] as number) / (errs[2] as number))];
    console.log(`      L1 errors vs n=${fineN}: ${errs.map((e) => e.toExponential(2)).join(", ")}; observed orders ${orders.map((o) => o.toFixed(2)).join(", ")}`);
    for (const o of orders) assert.ok(o >= 1, `observed order ${o}`);
  });
});
