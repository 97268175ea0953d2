import { strict as assert } from "node:assert";
import { gaussianJko, gaussianJkoDefaults, jkoLogDensity, jkoSteps, likelihoodOnlyLimit, ouFlow, rotation2, type GaussianJkoProblem } from "../../src/problems";
import { rng } from "../../src/random";

const close = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
const p = gaussianJkoDefaults();
const sol = gaussianJko(p);

// samples of ρ₀ = N(μ₀, Q diag(s²) Qᵀ), float64, from the project's seeded Rng
function dataSamples(n: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const e = p.s.map((s) => s * r.normal());
    return p.Q.map((row, i) => (p.mu0[i] as number) + row.reduce((a, q, k) => a + q * (e[k] as number), 0));
  });
}

describe("problems: Gaussian JKO step (§6A)", () => {
  it("matches problems.md's check values", () => {
    close(sol.sigma[0] as number, 1.00823, 1e-6, "σ1");
    close(sol.sigma[1] as number, 0.991836, 1e-6, "σ2");
    close(sol.m[0] as number, 0.048387, 1e-6, "m1");
    close(sol.m[1] as number, -0.032258, 1e-6, "m2");
    close(sol.kinetic, 1.763723, 1e-6, "E[L]*");
    close(sol.nll, 2.55202, 1e-6, "E[C]*");
    close(sol.logDet, 0.287681, 1e-6, "ℓ(T)");
    const lim = likelihoodOnlyLimit(p);
    close(lim.entropy, 2.550195, 1e-6, "H(ρ₀)");
    close(lim.kinetic, 1.875, 1e-12, "likelihood-only E[L]");
  });

  it("the map pushes N(μ₀, Σ₀) to N(m, Q diag(σ²) Qᵀ): exact moments of an affine map", () => {
    // the map is affine: y = Ax + c; push the moments exactly, A from unit vectors
    const c = sol.map([0, 0]);
    const A = [sol.map([1, 0]), sol.map([0, 1])].map((col) => col.map((v, i) => v - (c[i] as number)));
    const mean = sol.map(p.mu0);
    mean.forEach((v, i) => close(v, sol.m[i] as number, 1e-12, `mean ${i}`));
    const S0 = p.Q.map((_, i) => p.Q.map((__, j) => p.s.reduce((a, s, k) => a + (p.Q[i]?.[k] as number) * s * s * (p.Q[j]?.[k] as number), 0)));
    const Ai = (i: number, k: number): number => A[k]?.[i] as number; // A[col][row]
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let v = 0;
        for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) v += Ai(i, k) * (S0[k]?.[l] as number) * Ai(j, l);
        close(v, sol.covT[i]?.[j] as number, 1e-12, `cov ${i}${j}`);
      }
    }
  });

  it("Φ* solves −∂ₜΦ + ½|∇Φ|² = 0 (finite differences), its gradient is FD-exact, and −∇Φ* moves along the map", () => {
    const h = 1e-5;
    for (const [x, t] of [[[0.3, -0.7], 0.2], [[2, 1], 0.9], [[-1, 0.5], 0.5]] as [number[], number][]) {
      const dt = (sol.potential(x, t + h) - sol.potential(x, t - h)) / (2 * h);
      const g = x.map((_, i) => (sol.potential(x.map((v, k) => v + (k === i ? h : 0)), t) - sol.potential(x.map((v, k) => v - (k === i ? h : 0)), t)) / (2 * h));
      g.forEach((gi, i) => close(gi, sol.potentialGrad(x, t)[i] as number, 1e-7, "∇Φ*"));
      close(-dt + 0.5 * g.reduce((a, v) => a + v * v, 0), 0, 1e-6, `HJB at t=${t}`);
    }
    // straight constant-speed paths: −∇Φ*(z_t, t) = (y(x) − x)/T at z_t = x + t(y − x)/T
    for (const x of dataSamples(5, 7)) {
      const y = sol.map(x);
      for (const t of [0, 0.4, 1]) {
        const z = x.map((v, i) => v + (t / p.T) * ((y[i] as number) - v));
        sol.potentialGrad(z, t).forEach((gi, i) => close(-gi, ((y[i] as number) - (x[i] as number)) / p.T, 1e-10, `velocity t=${t}`));
      }
    }
  });

  it("log ρ*_t integrates to 1 and solves the continuity equation of −∇Φ* (finite differences); ρ*_0 is the data law", () => {
    const h = 1e-4, g = 0.05;
    for (const t of [0, 0.5, 1]) {
      let mass = 0;
      for (let a = -8; a <= 8; a += g) for (let b = -8; b <= 8; b += g) mass += Math.exp(jkoLogDensity(sol, [a, b], t)) * g * g;
      close(mass, 1, 1e-6, `mass at t=${t}`);
    }
    // ∂ₜ log ρ + v·∇log ρ + div v = 0 with v = −∇Φ*: div v = −ΔΦ*
    for (const [x, t] of [[[0.3, -0.7], 0.2], [[2, 1], 0.9], [[-1, 0.5], 0.5]] as [number[], number][]) {
      const shift = (k: number, e: number): number[] => x.map((v, i) => v + (i === k ? e : 0));
      const dt = (jkoLogDensity(sol, x, t + h) - jkoLogDensity(sol, x, t - h)) / (2 * h);
      const grad = x.map((_, k) => (jkoLogDensity(sol, shift(k, h), t) - jkoLogDensity(sol, shift(k, -h), t)) / (2 * h));
      const lap = x.reduce((a, _, k) => a + (sol.potentialGrad(shift(k, h), t)[k]! - sol.potentialGrad(shift(k, -h), t)[k]!) / (2 * h), 0);
      const v = sol.potentialGrad(x, t).map((gi) => -gi);
      close(dt + v.reduce((a, vi, k) => a + vi * grad[k]!, 0) - lap, 0, 1e-5, `continuity at t=${t}`);
    }
    // ρ*_0 = N(μ₀, Q diag(s²) Qᵀ): the 2-D Gaussian density written out with the inverse covariance
    const S0 = p.Q.map((_, i) => p.Q.map((__, j) => p.s.reduce((a, s, k) => a + p.Q[i]![k]! * s * s * p.Q[j]![k]!, 0)));
    const det = S0[0]![0]! * S0[1]![1]! - S0[0]![1]! * S0[1]![0]!;
    for (const x of dataSamples(3, 9)) {
      const e = [x[0]! - p.mu0[0]!, x[1]! - p.mu0[1]!];
      const q = (S0[1]![1]! * e[0]! ** 2 - 2 * S0[0]![1]! * e[0]! * e[1]! + S0[0]![0]! * e[1]! ** 2) / det;
      close(jkoLogDensity(sol, x, 0), -0.5 * q - 0.5 * Math.log(det) - Math.log(2 * Math.PI), 1e-12, "log ρ₀");
    }
  });

  it("E[L]* and E[C]* by Monte Carlo of the map, and E[L] + α_C KL is minimal among perturbed affine maps", () => {
    const xs = dataSamples(200000, 3);
    let L = 0, C = 0;
    for (const x of xs) {
      const y = sol.map(x);
      L += y.reduce((a, v, i) => a + (v - (x[i] as number)) ** 2, 0) / (2 * p.T);
      C += 0.5 * y.reduce((a, v) => a + v * v, 0) - sol.logDet + Math.log(2 * Math.PI);
    }
    close(L / xs.length, sol.kinetic, 0.01, "MC E[L]");
    close(C / xs.length, sol.nll, 0.01, "MC E[C]");
    // brute force in eigen-coordinates: maps y_i = c_i + k_i(x_i − μ₀ᵢ); objective E[L] + α_C(E[C] − H)
    const J = (k: number[], c: number[]): number => {
      const mu = p.Q[0]!.map((_, i) => p.Q.reduce((a, row, r) => a + (row[i] as number) * (p.mu0[r] as number), 0));
      let L2 = 0, C2 = 0;
      k.forEach((ki, i) => {
        const si = p.s[i] as number, ci = c[i] as number;
        L2 += ((ci - (mu[i] as number)) ** 2 + ((ki - 1) * si) ** 2) / (2 * p.T);
        C2 += 0.5 * (ci * ci + ki * ki * si * si) - Math.log(ki);
      });
      return L2 + p.alphaC * C2;
    };
    const me = p.Q[0]!.map((_, i) => p.Q.reduce((a, row, r) => a + (row[i] as number) * (sol.m[r] as number), 0));
    const k0 = sol.sigma.map((sg, i) => sg / (p.s[i] as number));
    const best = J(k0, me);
    for (let i = 0; i < 2; i++) {
      for (const e of [-1e-3, 1e-3, -0.05, 0.05]) {
        assert.ok(J(k0.map((v, j) => v + (j === i ? e : 0)), me) > best, `k perturbation ${i} ${e}`);
        assert.ok(J(k0, me.map((v, j) => v + (j === i ? e : 0))) > best, `c perturbation ${i} ${e}`);
      }
    }
  });

  it("the likelihood-only limit is the α_C → ∞ limit", () => {
    const big = gaussianJko({ ...p, alphaC: 1e7 });
    const lim = likelihoodOnlyLimit(p);
    close(big.nll, lim.entropy, 1e-5, "E[C] → H");
    close(big.kinetic, lim.kinetic, 1e-5, "E[L] → Brenier");
    const x = [0.4, -2];
    big.map(x).forEach((v, i) => close(v, lim.map(x)[i] as number, 1e-5, "map"));
  });

  it("rejects bad input naming the field", () => {
    const bad = (q: Partial<GaussianJkoProblem>, field: RegExp): void => assert.throws(() => gaussianJko({ ...p, ...q }), field);
    bad({ s: [1, -1] }, /s\[1\]/);
    bad({ Q: [[1, 1], [0, 1]] }, /orthogonal/);
    bad({ alphaC: 0 }, /alphaC/);
    bad({ T: Number.NaN }, /T must/);
    assert.doesNotThrow(() => gaussianJko({ ...p, Q: rotation2(1) }));
  });
});

describe("problems: JKO steps to the OU flow", () => {
  it("matches problems.md's check values and converges at first order", () => {
    const last = (K: number) => jkoSteps(1.5, 2, 1, K)[K]!;
    close(last(1).mean, 0.75, 1e-12, "K=1 mean");
    close(last(1).variance, 1.866, 5e-4, "K=1 var");
    close(last(16).mean, 0.5686, 5e-5, "K=16 mean");
    close(last(16).variance, 1.4428, 5e-5, "K=16 var");
    close(last(256).mean, 0.5529, 5e-5, "K=256 mean");
    close(last(256).variance, 1.4083, 5e-5, "K=256 var");
    const ou = ouFlow(1.5, 2, 1);
    close(ou.mean, 0.5518, 5e-5, "OU mean");
    close(ou.variance, 1.406, 5e-5, "OU var");
    const err = (K: number) => Math.abs(last(K).variance - ou.variance) + Math.abs(last(K).mean - ou.mean);
    const order = Math.log2(err(128) / err(256));
    assert.ok(order > 0.95 && order < 1.05, `order ${order}`);
    assert.throws(() => jkoSteps(1, 1, 1, 0), /K must/);
  });
});
