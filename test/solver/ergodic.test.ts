import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { rng } from "../../src/random";
import { relL2 } from "../../src/metrics";
import {
  besselI0,
  ergodicConfig,
  ergodicLambda,
  ergodicTorus,
  fpResidual,
  fpResidualOverM,
  hjbResidual,
  latinTorus,
  logPartition,
  relL2Centered,
  uniformTorus,
} from "../../src/ergodic";

const F32_EPS = 1.1920929e-7;

function maxAbs(t: tf.Tensor): number {
  const m = tf.tidy(() => tf.max(tf.abs(t)));
  const v = m.dataSync()[0] as number;
  m.dispose();
  return v;
}

/** HJB and FP residuals of the exact (u, m) at x, with the λ and f̃ of `lambdaProblem`. */
function exactResiduals(d: number, c: number, opts: { lambda?: number; cF?: number } = {}) {
  const p = ergodicTorus({ d, c });
  const pf = ergodicTorus({ d, c: opts.cF ?? c });
  const x = uniformTorus(rng(7), 2048, d);
  const u = p.exactUJet(x);
  const m = p.exactDensityJet(x);
  const f = pf.fTilde(x);
  const hjb = hjbResidual(u, m.logM, opts.lambda ?? p.lambdaStar, f);
  const fp = fpResidual(u, m);
  const fpOverM = fpResidualOverM(u, m);
  // the size of the largest term: round-off is relative to it
  const hjbScale = Math.max(maxAbs(f), maxAbs(u.lap), maxAbs(m.logM), 1);
  const fpScale = Math.max(maxAbs(m.lap), maxAbs(tf.mul(m.m, u.lap)), 1);
  const out = { hjb: maxAbs(hjb), fp: maxAbs(fp), fpOverM: maxAbs(fpOverM), hjbScale, fpScale };
  tf.dispose([x, u.u, u.grad, u.lap, m.m, m.grad, m.lap, m.logM, f, hjb, fp, fpOverM]);
  return out;
}

describe("ergodic MFG on the torus: problem data and residuals", () => {
  before(async () => {
    await initBackend();
  });

  it("I₀ by its series matches the reference values", () => {
    assert.ok(Math.abs(besselI0(2) - 2.2795853) < 1e-7, `I0(2) = ${besselI0(2)}`);
    assert.equal(besselI0(0), 1);
    assert.ok(Math.abs(besselI0(1) - 1.2660658777520082) < 1e-14);
    assert.ok(Math.abs(besselI0(-2) - besselI0(2)) < 1e-15);
  });

  it("λ* = d ln I₀(2c): 0.8239935·d at c = 1", () => {
    assert.ok(Math.abs(ergodicLambda(1, 1) - 0.8239935) < 1e-7);
    assert.ok(Math.abs(ergodicLambda(10, 1) - 8.239935) < 1e-6);
    assert.ok(Math.abs(ergodicTorus({ d: 3, c: 1 }).lambdaStar - 3 * 0.8239935) < 1e-6);
  });

  it("λ* equals ln ∫e^{2u} by quadrature (d = 1, c = 1)", () => {
    const n = 4096;
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.exp(2 * Math.sin((2 * Math.PI * k) / n));
    assert.ok(Math.abs(Math.log(s / n) - ergodicLambda(1, 1)) < 1e-12);
  });

  for (const [d, c] of [[1, 1], [10, 0.1], [10, 1]] as const) {
    it(`exact u, m, λ make both residuals vanish to float32 round-off (d = ${d}, c = ${c})`, () => {
      const r = exactResiduals(d, c);
      assert.ok(r.hjb <= 16 * F32_EPS * r.hjbScale, `HJB max |res| ${r.hjb} vs scale ${r.hjbScale}`);
      assert.ok(r.fp <= 16 * F32_EPS * r.fpScale, `FP max |res| ${r.fp} vs scale ${r.fpScale}`);
      assert.ok(r.fpOverM <= 16 * F32_EPS * r.fpScale, `FP/m max |res| ${r.fpOverM}`);
    });
  }

  for (const d of [1, 10]) {
    it(`a wrong λ or a wrong c gives a clearly non-zero residual (d = ${d})`, () => {
      const c = d === 1 ? 1 : 0.1;
      const wrongLambda = exactResiduals(d, c, { lambda: ergodicLambda(d, c) + 0.05 });
      assert.ok(Math.abs(wrongLambda.hjb - 0.05) < 1e-4, `wrong λ: ${wrongLambda.hjb}`);
      const wrongC = exactResiduals(d, c, { cF: c * 1.1 });
      assert.ok(wrongC.hjb > 1e3 * 64 * F32_EPS * wrongC.hjbScale, `wrong c: ${wrongC.hjb}`);
    });
  }

  it("ln Z by Latin-hypercube Monte Carlo recovers λ* (d = 1 spectrally, d = 10 to MC accuracy)", () => {
    for (const [d, c, tol] of [[1, 1, 1e-5], [10, 0.1, 1e-2]] as const) {
      const p = ergodicTorus({ d, c });
      const y = latinTorus(rng(3), 4096, d);
      const u = p.exactUJet(y);
      const n = tf.mul(u.u, 2) as tf.Tensor2D;
      const z = logPartition(n);
      const err = Math.abs((z.dataSync()[0] as number) - p.lambdaStar);
      tf.dispose([y, u.u, u.grad, u.lap, n, z]);
      assert.ok(err < tol, `d=${d}: |ln Z − λ*| = ${err}`);
    }
  });

  it("Latin torus points: every coordinate is a shifted, permuted grid in [0,1)", () => {
    const n = 64;
    const x = latinTorus(rng(5), n, 3);
    const a = x.arraySync();
    x.dispose();
    for (let i = 0; i < 3; i++) {
      const cells = a.map((row) => Math.floor((row[i] as number) * n)).sort((p, q) => p - q);
      assert.deepEqual(cells, Array.from({ length: n }, (_, k) => k));
    }
  });

  it("metrics: relative L2 and the centred version that ignores constants", () => {
    assert.ok(Math.abs(relL2([1.1, 2.2], [1, 2]) - 0.1) < 1e-12);
    assert.ok(relL2Centered([6, 7, 8], [-1, 0, 1]) < 1e-12);
    assert.ok(relL2([6, 7, 8], [-1, 0, 1]) > 1);
    assert.throws(() => relL2([1], [0]), /identically zero/);
  });

  it("bad input: clear errors naming the parameter", () => {
    assert.throws(() => ergodicTorus({ d: 0, c: 1 }), /d must be a positive integer/);
    assert.throws(() => ergodicTorus({ d: 1, c: NaN }), /c must be finite/);
    assert.throws(() => ergodicConfig({ batch: 0 }), /batch/);
    assert.throws(() => ergodicConfig({ lrU: -1 }), /lrU/);
    const p = ergodicTorus({ d: 2, c: 1 });
    const x = tf.zeros([4, 3]) as tf.Tensor2D;
    assert.throws(() => p.fTilde(x), /shape \[n, 2\]/);
    x.dispose();
  });
});
