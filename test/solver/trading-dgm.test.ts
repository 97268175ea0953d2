import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mlp } from "../../src/nets";
import type { Net, ScalarJet } from "../../src/nets/types";
import {
  compareTradingDgm,
  densityJet,
  densityValue,
  fpResidual,
  hjbResidual,
  netInput,
  solveTradingReference,
  tradingParams,
  tradingScaling,
  trainTradingDgm,
  valueJet,
  vbarByQuadrature,
  type TradingReference,
} from "../../src/trading";

const p = tradingParams();
const sc = tradingScaling(p);
let ref: TradingReference;

/** A variable-free "net" whose jet is computed in float64 from closed-form derivatives. */
function analyticNet(f: (t: number, q: number) => { v: number; dq: number; dqq: number; dt: number }, length: number): Net {
  const jetRows = (x: tf.Tensor2D) => {
    const a = x.arraySync();
    return a.map(([tau, xs]) => {
      const t = ((tau! + 1) * p.T) / 2;
      const q = sc.qCenter + length * xs!;
      const r = f(t, q);
      return [r.v, r.dq * length, r.dqq * length * length, (r.dt * p.T) / 2];
    });
  };
  const col = (rows: number[][], k: number) => tf.tensor2d(rows.map((r) => [r[k]!]));
  return {
    inDim: 2,
    vars: [],
    apply: (x) => col(jetRows(x), 0),
    jet: (x): ScalarJet => {
      const rows = jetRows(x);
      return { u: col(rows, 0), grad: col(rows, 1), lap: col(rows, 2), dt: col(rows, 3) };
    },
    dispose: () => undefined,
  };
}

function exactValueNet(): Net {
  return analyticNet((t, q) => {
    const s = ref.at(t);
    const h2p = (s.h2 * s.h2) / (2 * p.kappa) - 2 * p.phi;
    const h1p = (s.h1 * s.h2) / (2 * p.kappa) - p.gamma * s.vbar;
    const h0p = -(s.h1 * s.h1) / (4 * p.kappa);
    // the net carries (u + a q²)/U, a = sc.offsetA (see tradingScaling)
    const [U, a] = [sc.uScale, sc.offsetA];
    return {
      v: (ref.u(t, q) + a * q * q) / U,
      dq: (s.h1 - s.h2 * q + 2 * a * q) / U,
      dqq: (2 * a - s.h2) / U,
      dt: (h0p + h1p * q - (h2p * q * q) / 2) / U,
    };
  }, sc.qHalf);
}

/** log(m·(qMax − qMin)) of the Gaussian reference, so that densityJet's exp(·)/(qMax − qMin) is m. */
function exactDensityNet(): Net {
  return analyticNet((t, q) => {
    const s = ref.at(t);
    const z = q - s.qbar;
    const sp = (-s.h2 * s.s) / (2 * p.kappa);
    return {
      v: Math.log(ref.density(t, q) * (p.qMax - p.qMin)),
      dq: -z / (s.s * s.s),
      dqq: -1 / (s.s * s.s),
      dt: (z * s.vbar) / (s.s * s.s) + (z * z * sp) / s.s ** 3 - sp / s.s,
    };
  }, sc.qHalf);
}

describe("trading DGM model: residuals vanish on the exact solution", () => {
  before(async () => {
    await initBackend();
    ref = solveTradingReference(p);
  });
  const nQ = 200;
  const ts = [0.05, 0.4, 0.95];
  const points = () => {
    const t: number[] = [];
    const q: number[] = [];
    for (const ti of ts) for (let j = 0; j < nQ; j++) (t.push(ti), q.push(p.qMin + ((j + 0.5) * (p.qMax - p.qMin)) / nQ));
    return { t, q };
  };
  it("HJB residual of the exact u with the exact v̄ is ~0, and a wrong v̄ is detected", () => {
    const { t, q } = points();
    const [ok, bad] = tf.tidy(() => {
      const x = netInput(p, sc, t, q);
      const j = valueJet(p, sc, exactValueNet(), x);
      const qc = tf.tensor2d(q, [q.length, 1]);
      const vbar = tf.tensor2d(t.map((ti) => [ref.at(ti).vbar]));
      return [hjbResidual(p, j, qc, vbar), hjbResidual(p, j, qc, tf.add(vbar, 0.1))].map((r) => tf.max(tf.abs(r)).dataSync()[0]!);
    });
    assert.ok(ok! < 1e-3, `max |HJB residual| = ${ok}`);
    assert.ok(bad! > 0.1, `a perturbed v̄ should leave a residual, got ${bad}`);
  });
  it("FP residual of the exact m under the exact u is ~0, relative to |∂t m|", () => {
    const { t, q } = points();
    const [res, scale] = tf.tidy(() => {
      const x = netInput(p, sc, t, q);
      const j = valueJet(p, sc, exactValueNet(), x);
      const d = densityJet(p, sc, exactDensityNet(), x, { nT: ts.length, nQ: nQ, nA: 0 });
      return [tf.max(tf.abs(fpResidual(p, d, j.uq, j.uqq))), tf.max(tf.abs(d.mt))].map((a) => a.dataSync()[0]!);
    });
    assert.ok(scale! > 1, `|∂t m| should be O(1) or more, got ${scale}`);
    assert.ok(res! < 1e-4 * scale!, `max |FP residual| = ${res} vs max |∂t m| = ${scale}`);
  });
  it("v̄ by quadrature on the grid equals the reference v̄_t", () => {
    const { t, q } = points();
    const vb = tf.tidy(() => {
      const x = netInput(p, sc, t, q);
      const j = valueJet(p, sc, exactValueNet(), x);
      const m = densityJet(p, sc, exactDensityNet(), x, { nT: ts.length, nQ: nQ, nA: 0 }).m;
      return vbarByQuadrature(p, j.uq, m, ts.length, nQ).dataSync();
    });
    ts.forEach((ti, i) => assert.ok(Math.abs(vb[i]! - ref.at(ti).vbar) < 1e-4, `v̄(${ti}) = ${vb[i]} vs ${ref.at(ti).vbar}`));
  });
  it("compareTradingDgm scores the exact solution as (numerically) exact", () => {
    const c = compareTradingDgm(p, ref, { u: exactValueNet(), m: exactDensityNet() }, { nT: 11, nQ: 800 });
    for (const [k, v] of Object.entries(c.metrics)) assert.ok(v < 1e-4, `${k} = ${v}`);
    c.mass.forEach((m, i) => assert.ok(Math.abs(m - 1) < 1e-6, `mass at t=${c.t[i]}: ${m}`));
  });
});

describe("trading DGM model: the density player is normalised per time", () => {
  before(async () => {
    await initBackend();
    ref = solveTradingReference(p);
  });
  it("m = e^N/Z is invariant to a constant shift of N and has unit mass on every time's grid", () => {
    const nT = 3;
    const nQ = 100;
    const t = [0.1, 0.5, 0.9].flatMap((ti) => Array.from({ length: nQ }, () => ti));
    const q = [0, 1, 2].flatMap(() => Array.from({ length: nQ }, (_, j) => p.qMin + ((j + 0.5) * (p.qMax - p.qMin)) / nQ));
    const exact = exactDensityNet();
    const shifted: Net = { ...exact, apply: (x) => tf.tidy(() => tf.add(exact.apply(x), 3.7)) };
    const [a, b] = tf.tidy(() => {
      const x = netInput(p, sc, t, q);
      const lay = { nT: nT, nQ: nQ, nA: 0 };
      return [densityValue(p, exact, x, lay).dataSync(), densityValue(p, shifted, x, lay).dataSync()];
    });
    const h = (p.qMax - p.qMin) / nQ;
    for (let i = 0; i < nT; i++) {
      let mass = 0;
      for (let j = 0; j < nQ; j++) {
        const k = i * nQ + j;
        assert.ok(Math.abs(a![k]! - b![k]!) <= 1e-5 * Math.max(1, a![k]!), `shift changed m at row ${k}: ${a![k]} vs ${b![k]}`);
        mass += b![k]! * h;
      }
      assert.ok(Math.abs(mass - 1) < 1e-5, `mass at time ${i}: ${mass}`);
    }
  });
  it("rejects a batch whose rows do not match the layout", () => {
    const x = netInput(p, sc, [0.1, 0.2, 0.3], [1, 2, 3]);
    assert.throws(() => densityValue(p, exactDensityNet(), x, { nT: 2, nQ: 2, nA: 0 }), /layout/);
    x.dispose();
  });
});

describe("trading DGM training (simultaneous play)", function () {
  this.timeout(300000);
  before(async () => {
    await initBackend();
  });
  const make = () => ({
    u: mlp({ inDim: 2, timeInput: true, hidden: [16, 16], seed: 3 }),
    m: mlp({ inDim: 2, timeInput: true, hidden: [16, 16], seed: 4 }),
  });
  it("leaves no tensor behind and logs every loss term", () => {
    const nets = make();
    trainTradingDgm(p, nets, { steps: 1, nT: 4, nQ: 16, nA: 8 }); // optimiser slots exist from here on
    const before = tf.memory().numTensors;
    const r = trainTradingDgm(p, nets, { steps: 2, nT: 4, nQ: 16, nA: 8, logEvery: 1 });
    assert.equal(tf.memory().numTensors, before);
    for (const k of ["u.hjb", "u.terminal", "m.fp", "m.initial"]) assert.ok(Number.isFinite(r.final[k]), `${k} logged`);
    nets.u.dispose();
    nets.m.dispose();
  });
  // early on the density player's loss is its initial penalty (m starts near uniform); the FP
  // residual grows as m₀'s narrow bump is learnt, so the total is not the quantity that must fall
  it("decreases the value player's loss and the density player's initial penalty over a short run", () => {
    const nets = make();
    const r = trainTradingDgm(p, nets, { steps: 400, nT: 4, nQ: 32, nA: 8, logEvery: 20, seed: 5, lrDecay: 0.1 });
    const mean = (rows: typeof r.history, k: string) => rows.reduce((s, row) => s + row[k]!, 0) / rows.length;
    const head = r.history.slice(0, 3);
    const tail = r.history.slice(-3);
    for (const k of ["u.total", "m.initial"]) {
      assert.ok(mean(tail, k) < mean(head, k) / 3, `${k}: first rows ${mean(head, k)}, last rows ${mean(tail, k)}`);
    }
    nets.u.dispose();
    nets.m.dispose();
  });
  it("names bad configuration and nets without a time input", () => {
    const nets = make();
    assert.throws(() => trainTradingDgm(p, nets, { steps: 1, nT: 1 }), /nT/);
    assert.throws(() => trainTradingDgm(p, nets, { steps: 1, nA: -1 }), /nA/);
    const flat = { u: mlp({ inDim: 2, hidden: [4], seed: 1 }), m: nets.m };
    assert.throws(() => trainTradingDgm(p, flat, { steps: 1, nT: 3, nQ: 4, nA: 0 }), /timeInput/);
    nets.u.dispose();
    nets.m.dispose();
    flat.u.dispose();
  });
});
