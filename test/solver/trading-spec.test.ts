import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
import { compareTradingRun, solveTradingReference, tradingParams, tradingSpec, trivialTradingRuns, type TradingReference } from "../../src/trading";

const p = tradingParams();
let ref: TradingReference;

/** The reference as a run (what compareTradingRun reads), optionally with its density shifted by dq. */
function referenceRun(dq = 0, dv = 0): Parameters<typeof compareTradingRun>[1] {
  const col = (x: tf.Tensor2D, f: (t: number, q: number) => number) => {
    const v = x.arraySync();
    return tf.tensor2d(v.map(([t, q]) => [f(t!, q!)]));
  };
  return {
    u: (x) => col(x, (t, q) => -ref.u(t, q)),
    m: (x) => col(x, (t, q) => ref.density(t, q - dq)),
    control: (x) => col(x, (t, q) => ref.vhat(t, q) + dv),
    meanField: (name, times) => {
      assert.equal(name, "vbar");
      return times.map((t) => ref.at(t).vbar);
    },
  };
}

describe("trading: the spec for mfg.finiteHorizon and the comparison of a run with the reference", () => {
  before(async () => {
    await initBackend();
    ref = solveTradingReference(p);
  });

  it("the reference (u, m) zeroes the spec's FP residual: ∂ₜm − div(m ∂ₚH(∂_q u)) with the Gaussian's log-derivatives", () => {
    const problem = mfg.finiteHorizon(tradingSpec(p));
    const rows: number[][] = [];
    for (const t of [0.05, 0.4, 0.95]) for (const dz of [-1.5, -0.5, 0, 0.7, 1.8]) rows.push([t, ref.at(t).qbar + dz * ref.at(t).s]);
    const col = (f: (t: number, q: number) => number) => tf.tensor2d(rows.map(([t, q]) => [f(t!, q!)]));
    const u = { u: col((t, q) => -ref.u(t, q)), grad: col((t, q) => -2 * p.kappa * ref.vhat(t, q)), lap: col((t) => ref.at(t).h2) };
    // ln m = −(q − q̄)²/(2s²) − ln s + c:  ∂ₜ ln m = (q − q̄) q̄'/s² + (q − q̄)² s'/s³ − s'/s with q̄' = v̄, s' = −h₂s/(2κ)
    const dens = (sign: number) => {
      const z = (t: number, q: number) => q - ref.at(t).qbar;
      const sp = (t: number) => (-ref.at(t).h2 * ref.at(t).s) / (2 * p.kappa);
      const m = col((t, q) => ref.density(t, q));
      return {
        m, logm: tf.log(m) as tf.Tensor2D,
        gradLog: col((t, q) => -z(t, q) / ref.at(t).s ** 2),
        lapOverM: col((t, q) => (z(t, q) ** 2 / ref.at(t).s ** 2 - 1) / ref.at(t).s ** 2),
        dtLog: col((t, q) => {
          const s = ref.at(t).s;
          return (sign * z(t, q) * ref.at(t).vbar) / (s * s) + (z(t, q) ** 2 * sp(t)) / s ** 3 - sp(t) / s;
        }),
      };
    };
    const x = tf.tensor2d(rows);
    const worst = (sign: number) => Math.max(...Array.from(mfg.fpResidualOverM(problem, x, { ...u, dt: u.u }, dens(sign)).dataSync(), Math.abs));
    assert.ok(worst(1) < 1e-3, `FP residual / m of the reference: ${worst(1)}`);
    assert.ok(worst(-1) > 0.5, `a density moving the wrong way is detected: ${worst(-1)}`);
  });

  it("compareTradingRun scores the reference itself as exact and a shifted density by its shift", () => {
    const exact = compareTradingRun(ref, referenceRun(), { nT: 11, nQ: 800 });
    for (const [k, v] of Object.entries(exact.metrics)) assert.ok(v < 1e-4, `${k} = ${v}`);
    exact.mass.forEach((m, i) => assert.ok(Math.abs(m - 1) < 1e-6, `mass at t = ${exact.t[i]}: ${m}`));
    const shifted = compareTradingRun(ref, referenceRun(0.05), { nT: 11, nQ: 800 });
    assert.ok(Math.abs(shifted.metrics.qbar_max_abs_error - 0.05) < 1e-4, `q̄ error ${shifted.metrics.qbar_max_abs_error}`);
    assert.ok(shifted.metrics.l1_m_T > 0.1, `L1(T) of a shifted density: ${shifted.metrics.l1_m_T}`);
    const faster = compareTradingRun(ref, referenceRun(0, 0.1), { nT: 11, nQ: 800 });
    assert.ok(Math.abs(faster.metrics.v_hat_err - 0.1) < 1e-4, `v̂ shifted by 0.1: v_hat_err ${faster.metrics.v_hat_err}`);
    assert.ok(faster.metrics.qbar_max_abs_error < 1e-4, "a shifted control alone leaves q̄ (read from m) exact");
    assert.throws(() => compareTradingRun(ref, referenceRun(), { nT: 10, nQ: 800 }), /nT must be an odd integer/);
  });

  it("the trivial runs: N ≡ 0 scores u_learned_rel_l2 = 1, m ≡ m₀ is exact at t = 0 only, uniform m is far everywhere", () => {
    const { static: still, init } = trivialTradingRuns(ref);
    const a = compareTradingRun(ref, still, { nT: 11, nQ: 800 }).metrics;
    const b = compareTradingRun(ref, init, { nT: 11, nQ: 800 }).metrics;
    for (const m of [a, b]) assert.ok(Math.abs(m.u_learned_rel_l2 - 1) < 1e-5, `u_learned_rel_l2 of N ≡ 0: ${m.u_learned_rel_l2}`);
    assert.ok(a.u_rel_l2_error > 0.05 && a.u_rel_l2_error < 0.5, `whole-u rel L2 of N ≡ 0: ${a.u_rel_l2_error}`);
    assert.ok(a.l1_m_t0 < 1e-4 && a.l1_m_T > 1.9, `m ≡ m₀: L1 ${a.l1_m_t0} at 0, ${a.l1_m_T} at T`);
    assert.ok(Math.abs(a.qbar_max_abs_error - (p.mu0 - ref.at(p.T).qbar)) < 1e-3, `m ≡ m₀: q̄ error ${a.qbar_max_abs_error}`);
    assert.ok(b.l1_m_t0 > 1.5 && b.l1_m_T > 1.5, `uniform m: L1 ${b.l1_m_t0}, ${b.l1_m_T}`);
    assert.ok(a.v_hat_err > 0.5, `v̂ = −Aq/κ against the equilibrium control: ${a.v_hat_err}`);
  });

  it("tradingSpec names a bad parameter", () => {
    assert.throws(() => tradingSpec({ ...p, kappa: 0 }), /parameter kappa must be > 0/);
  });
});
