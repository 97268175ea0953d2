import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
import { boxGrid, latinTorus, uniformTorus } from "../../src/domains";
import { maxEntropyJet, type FieldJet } from "../../src/fields";
import { deriveSeed, rng } from "../../src/random";
import { t2Spec, t2Z, tradingSpec, w64 } from "./mfg-fixtures";

const sq = (p: tf.Tensor2D) => tf.sum(tf.square(p), 1, true) as tf.Tensor2D;

/** A valid 2-D ergodic spec to break one field at a time. */
function base(): mfg.ErgodicSpec {
  return {
    d: 2, nu: 0.5, domain: { torus: true },
    hamiltonian: { H: (_x, p) => sq(p), dpH: (_x, p) => tf.mul(p, 2) as tf.Tensor2D },
    coupling: (_x, _m, logm) => logm,
  };
}

describe("mfg: spec validation", () => {
  before(async () => {
    await initBackend();
  });

  it("accepts valid specs and measures D²ₚH: κI for |p|², a constant matrix for ½pᵀAp", () => {
    const p = mfg.ergodic(base());
    assert.equal(p.curvature.kind, "isotropic");
    assert.ok(p.curvature.kind === "isotropic" && Math.abs(p.curvature.kappa - 2) < 1e-4);
    assert.equal(p.divx, "zero");
    assert.equal(p.needsHessian, false);
    const A = [[1, 0.5], [0.5, 1]];
    const Am = tf.tensor2d(A);
    const q = mfg.ergodic({ ...base(), hamiltonian: {
      H: (_x, p) => tf.mul(tf.sum(tf.mul(tf.matMul(p, Am), p), 1, true), 0.5) as tf.Tensor2D,
      dpH: (_x, p) => tf.matMul(p, Am) as tf.Tensor2D,
    } });
    assert.equal(q.curvature.kind, "constant");
    assert.ok(q.curvature.kind === "constant" && q.curvature.matrix.flat().every((v, i) => Math.abs(v - A.flat()[i]!) < 1e-3));
    assert.equal(q.needsHessian, true);
    Am.dispose();
  });

  it("refuses a wrong dpH with an error naming dpH and the worst component", () => {
    // H = |p|² + 0.5 p₁: the true dpH is (2p₀, 2p₁ + 0.5); component 1 is wrong
    const spec = { ...base(), hamiltonian: {
      H: (_x: tf.Tensor2D, p: tf.Tensor2D) => tf.add(sq(p), tf.mul(tf.slice(p, [0, 1], [-1, 1]), 0.5)) as tf.Tensor2D,
      dpH: (_x: tf.Tensor2D, p: tf.Tensor2D) => tf.mul(p, 2) as tf.Tensor2D,
    } };
    assert.throws(() => mfg.ergodic(spec), /hamiltonian\.dpH disagrees.*worst component 1 \(∂H\/∂p_1\)/);
    const swapped = { ...base(), hamiltonian: { H: (_x: tf.Tensor2D, p: tf.Tensor2D) => tf.sum(tf.mul(tf.square(p), tf.tensor2d([[1, 3]])), 1, true) as tf.Tensor2D, dpH: (_x: tf.Tensor2D, p: tf.Tensor2D) => tf.mul(p, tf.tensor2d([[6, 2]])) as tf.Tensor2D } };
    assert.throws(() => mfg.ergodic(swapped), /dpH.*worst component [01]/);
    // a wrong d2pH is refused too
    assert.throws(() => mfg.ergodic({ ...base(), hamiltonian: { ...base().hamiltonian, d2pH: 1 } }), /hamiltonian\.d2pH disagrees/);
  });

  it("shape and finiteness errors name the spec field", () => {
    const b = base();
    assert.throws(() => mfg.ergodic({ ...b, hamiltonian: { ...b.hamiltonian, H: (_x, p) => tf.sum(tf.square(p), 1) as unknown as tf.Tensor2D } }), /hamiltonian\.H must return shape \[64, 1\], got \[64\]/);
    assert.throws(() => mfg.ergodic({ ...b, hamiltonian: { ...b.hamiltonian, dpH: (_x, p) => tf.sum(p, 1, true) as tf.Tensor2D } }), /hamiltonian\.dpH must return shape \[64, 2\], got \[64, 1\]/);
    assert.throws(() => mfg.ergodic({ ...b, coupling: (x) => x }), /coupling must return shape \[64, 1\], got \[64, 2\]/);
    assert.throws(() => mfg.ergodic({ ...b, coupling: (_x, m) => tf.div(m, 0) as tf.Tensor2D }), /coupling returned a non-finite value/);
    assert.throws(() => mfg.ergodic({ ...b, meanField: { bad: (x) => x } }), /meanField\.bad must return shape \[64, 1\]/);
    assert.throws(() => mfg.ergodic({ ...b, exact: { u: (x) => x } }), /exact\.u must return shape/);
    assert.throws(() => mfg.ergodic({ ...b, d: 0 }), /d must be a positive integer/);
    assert.throws(() => mfg.ergodic({ ...b, nu: -1 }), /nu must be a finite number >= 0/);
    assert.throws(() => mfg.ergodic({ ...b, domain: { box: [[0, 1], [0, 1]] } }), /domain must be the torus/);
    const fh = tradingSpec();
    assert.throws(() => mfg.finiteHorizon({ ...fh, terminal: (x) => tf.concat([x, x], 1) as tf.Tensor2D }), /terminal must return shape \[64, 1\], got \[64, 2\]/);
    assert.throws(() => mfg.finiteHorizon({ ...fh, domain: { box: [[0, 8], [0, 1]] } }), /domain\.box must list 1 intervals/);
    assert.throws(() => mfg.finiteHorizon({ ...fh, horizon: 0 }), /horizon must be a finite number > 0/);
  });

  it("refuses an initial density that does not integrate to 1 (± 1e-3) or is negative", () => {
    const fh = tradingSpec();
    assert.doesNotThrow(() => mfg.finiteHorizon(fh));
    assert.throws(() => mfg.finiteHorizon({ ...fh, initial: (x) => tf.mul(fh.initial(x), 1.01) as tf.Tensor2D }), /initial must integrate to 1 \(± 1e-3\).*got 1\.01/);
    assert.throws(() => mfg.finiteHorizon({ ...fh, initial: (x) => tf.sub(tf.mul(fh.initial(x), 2), 0.125) as tf.Tensor2D }), /initial must be a density \(>= 0\)/);
  });

  it("mfg.solve validates its options by name before training", async () => {
    const p = mfg.ergodic(base());
    await assert.rejects(mfg.solve(p, { batch: 0 }), /mfg\.solve: batch must be a positive integer, got 0/);
    await assert.rejects(mfg.solve(p, { scheme: "gan" as never }), /scheme must be "adversarial" or "joint", got "gan"/);
    await assert.rejects(mfg.solve(p, { iterationz: 3 } as never), /unknown option "iterationz"/);
    await assert.rejects(mfg.solve(p, { lrDecay: 2 }), /lrDecay must be in \(0, 1\], got 2/);
  });

  it("the T² fixture's exact solution solves both equations (float64 finite differences)", () => {
    const spec = t2Spec();
    const lambda = spec.exact!.lambda!;
    assert.ok(Math.abs(lambda + Math.log(t2Z(512))) < 1e-12, "Z is converged in the quadrature");
    const pts = Array.from(uniformTorus(rng(3), 64, 2).arraySync());
    const x = tf.tensor2d(pts);
    // f̃ is what the coupling returns at ln m = 0
    const zero = tf.zeros([64, 1]) as tf.Tensor2D;
    const f = spec.coupling(x, tf.ones([64, 1]) as tf.Tensor2D, zero, {}).dataSync();
    const mEx = spec.exact!.m!(x).dataSync();
    const h = 1e-4;
    const m64 = (a: number, b: number) => Math.exp(-5 * w64(a, b) + lambda);
    pts.forEach(([a, b], j) => {
      const dw = [(w64(a! + h, b!) - w64(a! - h, b!)) / (2 * h), (w64(a!, b! + h) - w64(a!, b! - h)) / (2 * h)];
      const lapw = (w64(a! + h, b!) + w64(a! - h, b!) + w64(a!, b! + h) + w64(a!, b! - h) - 4 * w64(a!, b!)) / (h * h);
      const hjb = -0.4 * lapw + dw[0]! ** 2 + dw[1]! ** 2 + lambda - f[j]! - Math.log(m64(a!, b!));
      assert.ok(Math.abs(hjb) < 2e-4, `HJB residual of the exact solution at ${j}: ${hjb}`);
      assert.ok(Math.abs(mEx[j]! - m64(a!, b!)) < 1e-5 * m64(a!, b!) + 1e-6, "exact.m");
      // FP: −νΔm − div(m·2∇w) by central differences of the flux
      const flux = (p: number, q: number, i: number) => m64(p, q) * 2 * (i === 0 ? (w64(p + h, q) - w64(p - h, q)) : (w64(p, q + h) - w64(p, q - h))) / (2 * h);
      const lapm = (m64(a! + h, b!) + m64(a! - h, b!) + m64(a!, b! + h) + m64(a!, b! - h) - 4 * m64(a!, b!)) / (h * h);
      const div = (flux(a! + h, b!, 0) - flux(a! - h, b!, 0) + flux(a!, b! + h, 1) - flux(a!, b! - h, 1)) / (2 * h);
      assert.ok(Math.abs(-0.4 * lapm - div) < 1e-3, `FP residual of the exact solution at ${j}: ${-0.4 * lapm - div}`);
    });
    tf.dispose([x, zero]);
  });

  it("div(m ∂ₚH) for H = ½pᵀAp, A = [[1, 0.5], [0.5, 1]], against float64 finite differences of the flux", () => {
    const A = [[1, 0.5], [0.5, 1]];
    const Am = tf.tensor2d(A);
    const problem = mfg.ergodic({ ...base(), nu: 0.3, hamiltonian: {
      H: (_x, p) => tf.mul(tf.sum(tf.mul(tf.matMul(p, Am), p), 1, true), 0.5) as tf.Tensor2D,
      dpH: (_x, p) => tf.matMul(p, Am) as tf.Tensor2D,
    } });
    // u = 0.3 sin 2πx₁ cos 2πx₂, N = 0.5 cos 2π(x₁ − x₂): analytic jets (with the Hessian) in float32
    const k = 2 * Math.PI;
    const u64 = (a: number, b: number) => 0.3 * Math.sin(k * a) * Math.cos(k * b);
    const gu64 = (a: number, b: number) => [0.3 * k * Math.cos(k * a) * Math.cos(k * b), -0.3 * k * Math.sin(k * a) * Math.sin(k * b)];
    const n64 = (a: number, b: number) => 0.5 * Math.cos(k * (a - b));
    const pts = Array.from(latinTorus(rng(9), 32, 2).arraySync());
    const col = (f: (a: number, b: number) => number) => tf.tensor2d(pts.map(([a, b]) => [f(a!, b!)]));
    const uJet: FieldJet = {
      u: col(u64),
      grad: tf.tensor2d(pts.map(([a, b]) => gu64(a!, b!))),
      lap: col((a, b) => -2 * k * k * u64(a, b)),
      hess: tf.tensor3d(pts.map(([a, b]) => [
        [-k * k * u64(a!, b!), -0.3 * k * k * Math.cos(k * a!) * Math.sin(k * b!)],
        [-0.3 * k * k * Math.cos(k * a!) * Math.sin(k * b!), -k * k * u64(a!, b!)],
      ])),
    };
    const nJet: FieldJet = {
      u: col(n64),
      grad: tf.tensor2d(pts.map(([a, b]) => [-0.5 * k * Math.sin(k * (a! - b!)), 0.5 * k * Math.sin(k * (a! - b!))])),
      lap: col((a, b) => -2 * k * k * n64(a, b)),
    };
    const x = tf.tensor2d(pts);
    const dens = maxEntropyJet(nJet, tf.scalar(0));
    const got = mfg.fpResidual(problem, x, uJet, dens).dataSync();
    // float64 reference: −νΔm − div(m A∇u) by central differences of the flux and of m
    const m64 = (a: number, b: number) => Math.exp(n64(a, b));
    const flux = (a: number, b: number, i: number) => {
      const g = gu64(a, b);
      return m64(a, b) * (A[i]![0]! * g[0]! + A[i]![1]! * g[1]!);
    };
    const h = 1e-4;
    pts.forEach(([a, b], j) => {
      const div = (flux(a! + h, b!, 0) - flux(a! - h, b!, 0) + flux(a!, b! + h, 1) - flux(a!, b! - h, 1)) / (2 * h);
      const lapM = (m64(a! + h, b!) + m64(a! - h, b!) + m64(a!, b! + h) + m64(a!, b! - h) - 4 * m64(a!, b!)) / (h * h);
      const ref = -0.3 * lapM - div;
      assert.ok(Math.abs(got[j]! - ref) < 2e-3 * (1 + Math.abs(ref)), `point ${j}: ${got[j]} vs ${ref}`);
    });
    tf.dispose([Am, x, uJet.u, uJet.grad, uJet.lap, uJet.hess!, nJet.u, nJet.grad, nJet.lap, dens.m, dens.logm, dens.gradLog, dens.lapOverM]);
  });

  it("named seed streams and domains", () => {
    assert.equal(deriveSeed(1, "init:value"), deriveSeed(1, "init:value"));
    const seeds = new Set(["init:value", "init:density", "sampling", "eval:points"].flatMap((s) => [1, 2].map((k) => deriveSeed(k, s))));
    assert.equal(seeds.size, 8);
    const t = latinTorus(rng(1), 4096, 3);
    const v = t.dataSync();
    assert.ok(v.every((a) => a >= 0 && a < 1));
    t.dispose();
    const g = boxGrid([0, 0], [2, 1], 4);
    assert.equal(g.count, 16);
    assert.equal(g.weight, 0.125);
  });
});

