import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
import { latinTorus } from "../../src/domains";
import { maxEntropyJet, netJet } from "../../src/fields";
import { dgm, netF64 } from "../../src/nets";
import { rng } from "../../src/random";

/*
 * The FP residual −νΔm − div(m ∂ₚH(∇u)) for a non-isotropic H = ½pᵀAp, A = [[1, 0.5], [0.5, 1]]:
 * the core assembles div(m A∇u) = ∇m·A∇u + m tr(A ∇²u) from the value net's Hessian jet; the
 * reference differentiates the flux m A∇u of the float64 re-evaluation of both nets (netF64) by
 * central differences (∇u with h = 1e-5, the divergence and Δm with h = 1e-4).
 */
const A = [[1, 0.5], [0.5, 1]];
const NU = 0.3;

function problem(): mfg.ErgodicProblem {
  const Am = tf.tensor2d(A);
  return mfg.ergodic({
    d: 2, nu: NU, domain: { torus: true },
    hamiltonian: {
      H: (_x, p) => tf.mul(tf.sum(tf.mul(tf.matMul(p, Am), p), 1, true), 0.5),
      dpH: (_x, p) => tf.matMul(p, Am),
    },
    coupling: (_x, _m, logm) => logm,
  });
}

describe("mfg: FP residual with a non-isotropic Hamiltonian (Hessian jets)", function () {
  this.timeout(120_000);
  before(async () => {
    await initBackend();
  });

  it("H = ½pᵀAp: validation asks for the Hessian; the residual matches float64 finite differences", () => {
    const p = problem();
    assert.equal(p.curvature.kind, "constant");
    assert.equal(p.needsHessian, true);
    const uNet = dgm({ inDim: 2, periodic: true, width: 12, layers: 1, seed: 3 });
    const nNet = dgm({ inDim: 2, periodic: true, width: 12, layers: 1, seed: 4 });
    const x = latinTorus(rng(5), 24, 2);
    const got = tf.tidy(() => mfg.fpResidual(p, x, netJet(uNet, x, true), maxEntropyJet(nNet.jet(x), tf.scalar(0)))).dataSync();
    const u64 = netF64(uNet), n64 = netF64(nNet);
    const m = (y: number[]) => Math.exp(n64.u(y));
    const grad = (y: number[]) => [0, 1].map((i) => {
      const e = (s: number) => y.map((v, k) => v + (k === i ? s : 0));
      return (u64.u(e(1e-5)) - u64.u(e(-1e-5))) / 2e-5;
    });
    const flux = (y: number[], i: number) => {
      const g = grad(y);
      return m(y) * (A[i]![0]! * g[0]! + A[i]![1]! * g[1]!);
    };
    const h = 1e-4;
    const shift = (y: number[], i: number, s: number) => y.map((v, k) => v + (k === i ? s : 0));
    const pts = x.arraySync();
    let worst = 0;
    pts.forEach((y, j) => {
      const div = [0, 1].reduce((s, i) => s + (flux(shift(y, i, h), i) - flux(shift(y, i, -h), i)) / (2 * h), 0);
      const lapM = [0, 1].reduce((s, i) => s + (m(shift(y, i, h)) + m(shift(y, i, -h)) - 2 * m(y)) / (h * h), 0);
      const ref = -NU * lapM - div;
      worst = Math.max(worst, Math.abs(got[j]! - ref) / (1 + Math.abs(ref)));
    });
    assert.ok(worst < 2e-3, `worst relative error ${worst}`);
    // the isotropic fast path would drop the off-diagonal A: a check that this test can fail
    const iso = mfg.ergodic({ ...p.spec, hamiltonian: { H: (_x, q) => tf.mul(tf.sum(tf.square(q), 1, true), 0.5), dpH: (_x, q) => q.clone() } });
    const wrong = tf.tidy(() => mfg.fpResidual(iso, x, netJet(uNet, x, false), maxEntropyJet(nNet.jet(x), tf.scalar(0)))).dataSync();
    assert.ok(wrong.some((v, j) => Math.abs(v - got[j]!) > 1e-2), "A's off-diagonal matters at these points");
    tf.dispose(x);
    uNet.dispose();
    nNet.dispose();
  });

  it("mfg.solve trains a non-isotropic problem through the Hessian path without leaking", async () => {
    const counts: number[] = [];
    const run = await mfg.solve(problem(), { iterations: 4, batch: 32, zSamples: 64, evalPoints: 128, onStep: () => counts.push(tf.memory().numTensors) });
    assert.ok(counts.slice(1).every((c) => c === counts[1]), counts.join(", "));
    const mt = run.metrics();
    run.dispose();
    assert.ok(Number.isFinite(mt.fp_rms) && Number.isFinite(mt.hjb_rms));
  });
});
