import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import type { Net, ScalarJet } from "../../src/nets";
import {
  evaluateOde, odeDgmLoss, odeResidual, odeWarmup, odeWarmupBudgets, referenceOn, solveOdeRk4, solveOdeDgm, buildNet, defaultOdeNet, type OdeProblem,
  odeBaselines, oneAtATime, plainRecipe, recipeOptions, tunedRecipe,
} from "../../src/ode";
import { rng } from "../../src/random";
import { fit } from "../../src/train";

/**
 * A "net" N(x) = g(x) + w with analytic g and one trainable shift w: tests the loss and the
 * training plumbing independently of src/nets.
 */
function shiftedNet(g: (x: tf.Tensor2D) => tf.Tensor2D, dg: (x: tf.Tensor2D) => tf.Tensor2D, w0: number): Net & { w: tf.Variable } {
  const w = tf.variable(tf.scalar(w0));
  const apply = (x: tf.Tensor2D): tf.Tensor2D => tf.add(g(x), w) as tf.Tensor2D;
  return {
    inDim: 1, vars: [w], w, apply,
    jet: (x): ScalarJet => ({ u: apply(x), grad: dg(x), lap: tf.zerosLike(x) }),
    dispose: () => w.dispose(),
  };
}

const P = odeWarmup(5);
const exactT = (x: tf.Tensor2D): tf.Tensor2D => tf.add(tf.sub(x, 1), tf.mul(2, tf.exp(tf.neg(x))));
const dExactT = (x: tf.Tensor2D): tf.Tensor2D => tf.sub(1, tf.mul(2, tf.exp(tf.neg(x))));
// hard ansatz φ = 1 + xN: N = (φ − 1)/x, N' = (φ' x − φ + 1)/x²
const nHard = (x: tf.Tensor2D): tf.Tensor2D => tf.div(tf.sub(exactT(x), 1), x);
const dnHard = (x: tf.Tensor2D): tf.Tensor2D => tf.div(tf.add(tf.sub(tf.mul(dExactT(x), x), exactT(x)), 1), tf.square(x));

function lossAt(net: Net, boundary: "penalty" | "hard", inputScale = 1): Record<string, number> {
  return tf.tidy(() => {
    const r = odeDgmLoss(net, P, { boundary, batch: 256, inputScale, sampling: "uniform" })({ rng: rng(1) });
    const out: Record<string, number> = { total: r.total.dataSync()[0]! };
    for (const [k, v] of Object.entries(r.terms ?? {})) out[k] = v.dataSync()[0]!;
    return out;
  });
}

describe("ode warm-up (problem 1)", () => {
  before(async () => {
    await initBackend();
  });

  it("the exact solution agrees with RK4, which converges at fourth order", () => {
    const e = (steps: number): number => {
      const { x, phi } = solveOdeRk4(P, steps);
      return Math.max(...Array.from(x, (xi, i) => Math.abs(phi[i]! - P.exact!(xi))));
    };
    assert.ok(e(1000) < 1e-11, `RK4 error ${e(1000)}`);
    const order = Math.log2(e(50) / e(100));
    assert.ok(order > 3.8 && order < 4.2, `observed order ${order}`);
    const noExact: OdeProblem = { ...P, exact: undefined as never };
    delete (noExact as { exact?: unknown }).exact;
    const xs = [0, 1.234, 5];
    const ref = referenceOn(noExact, xs);
    xs.forEach((x, i) => assert.ok(Math.abs(ref[i]! - P.exact!(x)) < 1e-7));
  });

  it("the DGM loss vanishes at the exact solution (both boundary modes) and measures a shift exactly", () => {
    const exactPenalty = shiftedNet(exactT, dExactT, 0);
    const l0 = lossAt(exactPenalty, "penalty");
    assert.ok(l0.residual! < 1e-10 && l0.boundary! < 1e-12, JSON.stringify(l0));
    exactPenalty.dispose();
    // φ = exact + ε: F = φ' − x + φ = ε everywhere and φ(0) − 1 = ε
    const shifted = shiftedNet(exactT, dExactT, 0.1);
    const l1 = lossAt(shifted, "penalty");
    assert.ok(Math.abs(l1.residual! - 0.01) < 1e-6 && Math.abs(l1.boundary! - 0.01) < 1e-6, JSON.stringify(l1));
    assert.ok(Math.abs(l1.total! - 0.02) < 1e-6);
    shifted.dispose();
    const hard = shiftedNet(nHard, dnHard, 0);
    const lh = lossAt(hard, "hard");
    assert.ok(lh.residual! < 1e-9, JSON.stringify(lh));
    assert.deepEqual(Object.keys(lh), ["total", "residual"]);
    hard.dispose();
  });

  it("input scaling: the net sees s·x and N' carries the factor s", () => {
    // net(y) = exact(y/2) with s = 2 gives N = exact and N' = exact'
    const scaled = shiftedNet((y) => exactT(tf.div(y, 2) as tf.Tensor2D), (y) => tf.div(dExactT(tf.div(y, 2) as tf.Tensor2D), 2) as tf.Tensor2D, 0);
    const l = lossAt(scaled, "penalty", 2);
    assert.ok(l.residual! < 1e-10 && l.boundary! < 1e-12, JSON.stringify(l));
    const unscaled = lossAt(scaled, "penalty", 1);
    assert.ok(unscaled.residual! > 1e-2, `without the scale the same net is wrong: ${JSON.stringify(unscaled)}`);
    scaled.dispose();
  });

  it("hard constraint: φ(0) = 1 exactly whatever N is; φ' = N + xN' from the jet", () => {
    const net = shiftedNet((x) => tf.sin(x), (x) => tf.cos(x), 0.3);
    const ev = evaluateOde(net, P, { boundary: "hard", inputScale: 1 }, 11);
    assert.equal(ev.phi[0], 1);
    // φ = 1 + x(sin x + 0.3): F = sin x + 0.3 + x cos x − x + φ
    const x = 2.5;
    const phi = 1 + x * (Math.sin(x) + 0.3);
    const F = Math.sin(x) + 0.3 + x * Math.cos(x) - x + phi;
    assert.ok(Math.abs(ev.phi[5]! - phi) < 1e-5);
    const r = tf.tidy(() => odeResidual(net, P, { boundary: "hard", inputScale: 1 }, tf.tensor2d([[x]])).dataSync()[0]!);
    assert.ok(Math.abs(r - F) < 1e-5, `residual ${r} vs ${F}`);
    net.dispose();
  });

  it("training the shift drives it to zero; a step leaks no tensors", () => {
    const net = shiftedNet(exactT, dExactT, 0.5);
    const loss = odeDgmLoss(net, P, { boundary: "penalty", batch: 64, inputScale: 1 });
    const res = fit({ vars: net.vars, loss, steps: 300, lr: 0.02, lrFinal: 0.002, logEvery: 100 });
    assert.ok(Math.abs(net.w.dataSync()[0]!) < 1e-2, `w = ${net.w.dataSync()[0]}`);
    assert.ok(res.final.total! < 1e-4);
    const before = tf.memory().numTensors;
    fit({ vars: net.vars, loss, steps: 2, lr: 0.02 });
    assert.equal(tf.memory().numTensors, before);
    const ev = evaluateOde(net, P, { boundary: "penalty", inputScale: 1 }, 1000);
    assert.ok(ev.rel_l2_error < 1e-2 && ev.x.length === 1000 && ev.x[999] === 5);
    net.dispose();
  });

  it("rejects bad options by name", () => {
    const net = shiftedNet(exactT, dExactT, 0);
    assert.throws(() => odeDgmLoss(net, P, { batch: 0 }), /batch must be a positive integer/);
    assert.throws(() => odeDgmLoss(net, P, { boundary: "soft" as never }), /boundary must be "penalty" or "hard"/);
    assert.throws(() => odeWarmup(-1), /b must be finite and > 0/);
    assert.throws(() => odeDgmLoss(net, P, { penaltyWeight: -1 }), /ode options: penaltyWeight must be finite and >= 0, got -1/);
    assert.throws(() => buildNet({ kind: "cnn" as never, width: 4, depth: 1 }, 1, 0), /ode net: kind must be "mlp" or "dgm", got "cnn"/);
    assert.throws(() => solveOdeRk4(P, 0), /solveOdeRk4: steps must be a positive integer, got 0/);
    net.dispose();
  });
});

describe("ode warm-up: DGM with the real nets", () => {
  before(async () => {
    await initBackend();
  });

  it("the quick budget reaches rel L2 ≤ 2e-2 against the exact solution, and frees its tensors", () => {
    // what building and disposing the net alone leaves behind is the nets' business, not the solver's
    let before = tf.memory().numTensors;
    buildNet(defaultOdeNet, 1, 0).dispose();
    const netResidue = tf.memory().numTensors - before;
    before = tf.memory().numTensors;
    const s = solveOdeDgm(odeWarmup(5), { ...odeWarmupBudgets.quick, seed: 0 });
    assert.ok(s.rel_l2_error <= 2e-2, `rel L2 ${s.rel_l2_error}`);
    assert.ok(s.sup_error < 0.1 && Number.isFinite(s.residual_rms));
    assert.equal(s.x.length, 1000);
    assert.equal(s.phi[0], 1); // hard constraint by default
    assert.ok(s.train.history.length > 2 && s.train.final.residual! > 0);
    s.net.dispose();
    assert.equal(tf.memory().numTensors - before, netResidue);
  });

  it("penalty mode trains too and reports its boundary term", () => {
    const s = solveOdeDgm(odeWarmup(5), { ...odeWarmupBudgets.quick, boundary: "penalty", seed: 1 });
    assert.ok(s.rel_l2_error <= 5e-2, `rel L2 ${s.rel_l2_error}`);
    assert.ok("boundary" in s.train.final);
    s.net.dispose();
  });

  it("the error curve records rel L2 every evalEvery steps without changing the training", () => {
    const budget = { ...odeWarmupBudgets.quick, steps: 60, logEvery: 20 };
    const a = solveOdeDgm(odeWarmup(5), { ...budget, seed: 3 });
    const b = solveOdeDgm(odeWarmup(5), { ...budget, seed: 3, evalEvery: 25 });
    assert.deepEqual(a.curve, []);
    assert.deepEqual(b.curve.map((p) => p.step), [25, 50, 60]);
    assert.deepEqual(Array.from(b.phi), Array.from(a.phi), "evaluating along the way leaves the run bit-identical");
    const last = b.curve[b.curve.length - 1]!;
    assert.ok(Math.abs(last.rel_l2_error - b.rel_l2_error) <= 0.05 * b.rel_l2_error, `200- vs 1000-point grid: ${last.rel_l2_error} vs ${b.rel_l2_error}`);
    assert.throws(() => solveOdeDgm(odeWarmup(5), { ...budget, evalEvery: -1 }), /evalEvery must be a non-negative integer/);
    a.net.dispose();
    b.net.dispose();
  });
});

describe("ode warm-up: recipes and trivial baselines", () => {
  before(async () => {
    await initBackend();
  });

  it("the one-at-a-time ablation changes exactly one factor per recipe, all four covered", () => {
    const rows = oneAtATime(tunedRecipe, plainRecipe);
    assert.deepEqual(rows.map((r) => r.factor), ["boundary", "sampling", "inputScale", "schedule"]);
    for (const { factor, recipe } of rows) {
      const changed = (Object.keys(tunedRecipe) as (keyof typeof tunedRecipe)[]).filter((k) => recipe[k] !== tunedRecipe[k]);
      assert.deepEqual(changed, [factor]);
      assert.equal(recipe[factor], plainRecipe[factor]);
    }
    assert.deepEqual(oneAtATime(tunedRecipe, tunedRecipe), []);
  });

  it("a constant schedule drops lrFinal and lrHold; hold-decay keeps them", () => {
    const budget = { steps: 10, lr: 0.01, lrFinal: 0.001, lrHold: 0.5, logEvery: 5 };
    const c = recipeOptions(plainRecipe, budget);
    assert.equal("lrFinal" in c || "lrHold" in c, false);
    assert.deepEqual([c.boundary, c.sampling, c.inputScale, c.lr, c.steps], ["penalty", "uniform", 1, 0.01, 10]);
    const t = recipeOptions(tunedRecipe, budget);
    assert.deepEqual([t.boundary, t.sampling, t.inputScale, t.lrFinal, t.lrHold], ["hard", "power", 2, 0.001, 0.5]);
  });

  it("the φ ≡ 1 baseline matches an independent quadrature; the untrained net is far from the solution", () => {
    const base = odeBaselines(odeWarmup(5), defaultOdeNet, 7, tunedRecipe);
    // independent: the rel L2 of φ ≡ 1 on the same 1000-point grid, exact φ = x − 1 + 2e^{−x}
    let num = 0, den = 0;
    for (let i = 0; i < 1000; i++) {
      const x = Math.fround((5 * i) / 999), e = x - 1 + 2 * Math.exp(-x);
      num += (1 - e) ** 2;
      den += e * e;
    }
    assert.ok(Math.abs(base.constant.rel_l2_error - Math.sqrt(num / den)) < 1e-12, `${base.constant.rel_l2_error} vs ${Math.sqrt(num / den)}`);
    assert.ok(base.init.rel_l2_error > 0.1, `untrained net: ${base.init.rel_l2_error}`);
    assert.equal(base.init.phi[0], 1, "read through the hard ansatz");
  });
});
