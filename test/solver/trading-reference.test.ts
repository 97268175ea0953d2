import { strict as assert } from "node:assert";
import {
  h2Exact,
  h2Rk4,
  simulateInventories,
  solveTradingReference,
  tradingParams,
  type TradingParams,
} from "../../src/trading";

const close = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);

describe("trading reference: h2 (Riccati)", () => {
  const cases: Array<[string, Partial<TradingParams>]> = [
    ["defaults", {}],
    ["A below sqrt(kappa phi)", { A: 0.1, phi: 0.5, kappa: 2 }],
    ["phi = 0", { phi: 0 }],
    ["long horizon", { T: 3, A: 5 }],
  ];
  for (const [name, over] of cases) {
    it(`closed form agrees with RK4 of h2' = h2^2/(2k) - 2phi (${name})`, () => {
      const p = tradingParams(over);
      const n = 2000;
      const rk = h2Rk4(p, n);
      for (let k = 0; k <= n; k += 100) close(rk[k]!, h2Exact(p, (k * p.T) / n), 1e-8, `h2(t_${k})`);
      close(h2Exact(p, p.T), 2 * p.A, 1e-12, "h2(T)");
    });
  }
});

describe("trading reference: shooting and check values of problems.md", () => {
  it("defaults: h2(0), h1(0), qbar_T, vbar_0 to 1e-5", () => {
    const r = solveTradingReference(tradingParams());
    const g0 = r.grid[0]!;
    const gT = r.grid[r.grid.length - 1]!;
    close(g0.h2, 1.114658, 1e-5, "h2(0)");
    close(g0.h1, -1.767127, 1e-5, "h1(0)");
    close(gT.qbar, 1.681318, 1e-5, "qbar_T");
    close(g0.vbar, -3.11288, 1e-5, "vbar_0");
  });
  it("T = kappa = phi = gamma = A = 1, mu0 = 4: h2 = 2, h1(0), qbar_T, vbar_0 to 1e-5", () => {
    const r = solveTradingReference(tradingParams({ T: 1, kappa: 1, phi: 1, gamma: 1, A: 1, mu0: 4 }));
    for (const s of r.grid) close(s.h2, 2, 1e-12, `h2(${s.t})`);
    const g0 = r.grid[0]!;
    const gT = r.grid[r.grid.length - 1]!;
    close(g0.h1, -1.921807, 1e-5, "h1(0)");
    close(gT.qbar, 1.261198, 1e-5, "qbar_T");
    close(g0.vbar, -4.960903, 1e-5, "vbar_0");
  });
  it("meets its boundary conditions and is converged in the step count", () => {
    const p = tradingParams();
    const fine = solveTradingReference(p, 2000);
    const coarse = solveTradingReference(p, 50);
    const gT = fine.grid[fine.grid.length - 1]!;
    close(gT.h1, 0, 1e-10, "h1(T)");
    close(gT.h0, 0, 1e-12, "h0(T)");
    close(fine.grid[0]!.qbar, p.mu0, 1e-12, "qbar(0)");
    close(fine.grid[0]!.s, p.s0, 1e-12, "s(0)");
    for (const t of [0, 0.3, 0.77, 1]) close(coarse.at(t).qbar, fine.at(t).qbar, 1e-6, `qbar(${t}) 50 vs 2000 steps`);
  });
  it("interpolates between nodes to RK4 accuracy", () => {
    const p = tradingParams();
    const r = solveTradingReference(p, 40);
    const fine = solveTradingReference(p, 4000);
    for (const t of [0.0123, 0.5111, 0.987]) {
      const a = r.at(t);
      const b = fine.at(t);
      close(a.h1, b.h1, 1e-6, `h1(${t})`);
      close(a.h0, b.h0, 1e-6, `h0(${t})`);
      close(a.s, b.s, 1e-6, `s(${t})`);
    }
  });
});

describe("trading reference: the ansatz solves the PDE system", () => {
  const p = tradingParams();
  const r = solveTradingReference(p);
  const e = 1e-4;
  it("u = h0 + h1 q - h2 q^2/2 has a vanishing HJB residual (finite differences)", () => {
    for (const t of [0.1, 0.5, 0.9]) {
      for (const q of [0.5, 3, 7]) {
        const ut = (r.u(t + e, q) - r.u(t - e, q)) / (2 * e);
        const uq = (r.u(t, q + e) - r.u(t, q - e)) / (2 * e);
        const res = ut - p.phi * q * q + (uq * uq) / (4 * p.kappa) + p.gamma * r.at(t).vbar * q;
        close(res, 0, 1e-5, `HJB residual at (${t}, ${q})`);
      }
    }
    for (const q of [0, 2, 8]) close(r.u(p.T, q), -p.A * q * q, 1e-10, `u(T, ${q})`);
  });
  it("the Gaussian m solves the Fokker-Planck equation and v̄ = ∫ ∂q u m dq / (2κ)", () => {
    for (const t of [0.1, 0.5, 0.9]) {
      const s = r.at(t);
      for (const z of [-1.5, 0, 0.7]) {
        const q = s.qbar + z * s.s;
        const mt = (r.density(t + e, q) - r.density(t - e, q)) / (2 * e);
        const flux = (x: number): number => r.density(t, x) * r.vhat(t, x);
        const div = (flux(q + e) - flux(q - e)) / (2 * e);
        close(mt + div, 0, 1e-4, `FP residual at (${t}, ${q})`);
      }
      const n = 4000;
      const h = (p.qMax - p.qMin) / n;
      let integral = 0;
      for (let i = 0; i < n; i++) {
        const q = p.qMin + (i + 0.5) * h;
        integral += r.vhat(t, q) * r.density(t, q) * h;
      }
      close(integral, s.vbar, 1e-6, `quadrature of v̄(${t})`);
    }
  });
});

describe("trading reference: Monte Carlo of the optimally controlled inventories", () => {
  it("mean and std of Q_t and the mean rate match q̄_t, s_t, v̄_t within 4 standard errors", () => {
    const p = tradingParams();
    const r = solveTradingReference(p);
    const n = 20000;
    const sim = simulateInventories(r, { paths: n, steps: 100, seed: 20261130 });
    for (const k of [0, 50, 100]) {
      const s = r.at(sim.t[k]!);
      close(sim.mean[k]!, s.qbar, (4 * s.s) / Math.sqrt(n), `mean Q at t=${sim.t[k]}`);
      close(sim.std[k]! / s.s, 1, 4 / Math.sqrt(2 * n), `std Q / s at t=${sim.t[k]}`);
      const rateSd = (s.h2 * s.s) / (2 * p.kappa);
      close(sim.meanRate[k]!, s.vbar, (4 * rateSd) / Math.sqrt(n), `mean rate at t=${sim.t[k]}`);
    }
  });
  it("is repeatable under a seed", () => {
    const r = solveTradingReference(tradingParams(), 200);
    const a = simulateInventories(r, { paths: 100, steps: 10, seed: 3 });
    const b = simulateInventories(r, { paths: 100, steps: 10, seed: 3 });
    assert.deepEqual(a.mean, b.mean);
  });
});

describe("trading reference: bad input", () => {
  it("names the parameter", () => {
    assert.throws(() => tradingParams({ kappa: 0 }), /kappa/);
    assert.throws(() => tradingParams({ s0: -1 }), /s0/);
    assert.throws(() => tradingParams({ qMin: 8, qMax: 0 }), /qMax/);
    assert.throws(() => tradingParams({ gamma: Number.NaN }), /gamma/);
    assert.throws(() => solveTradingReference(tradingParams(), 0), /steps/);
    assert.throws(() => solveTradingReference(tradingParams()).at(2), /t = 2/);
  });
});
