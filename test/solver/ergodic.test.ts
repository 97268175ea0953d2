import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { mfg } from "../../src";
import { latinTorus, uniformTorus } from "../../src/domains";
import { logZMonteCarlo, type DensityJet, type FieldJet } from "../../src/fields";
import { rng } from "../../src/random";
import { besselI0, ergodicLambda, ergodicTorusSpec } from "../../src/ergodic";

const F32_EPS = 1.1920929e-7;
const TWO_PI = 2 * Math.PI;

const maxAbs = (t: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(t))).dataSync()[0] as number;

/**
 * Problem 2's exact solution in the core's convention, written here independently of the spec:
 * w = −c Σ sin 2πx_i (∇w = −2πc cos 2πx, Δw = 4π²c Σ sin), ln m = 2c Σ sin 2πx_i − d ln I₀(2c)
 * (∇ln m = 4πc cos 2πx, Δm/m = Δln m + |∇ln m|²).
 */
function exactJets(x: tf.Tensor2D, d: number, c: number): { w: FieldJet; m: DensityJet } {
  const s = tf.sin(tf.mul(x, TWO_PI));
  const co = tf.cos(tf.mul(x, TWO_PI));
  const sumS = tf.sum(s, 1, true) as tf.Tensor2D;
  const w: FieldJet = { u: tf.mul(sumS, -c), grad: tf.mul(co, -TWO_PI * c), lap: tf.mul(sumS, TWO_PI * TWO_PI * c) };
  const logm = tf.sub(tf.mul(sumS, 2 * c), d * Math.log(besselI0(2 * c))) as tf.Tensor2D;
  const gradLog = tf.mul(co, 2 * TWO_PI * c) as tf.Tensor2D;
  const lapLog = tf.mul(sumS, -2 * TWO_PI * TWO_PI * c);
  const lapOverM = tf.add(lapLog, tf.sum(tf.square(gradLog), 1, true)) as tf.Tensor2D;
  return { w, m: { m: tf.exp(logm), logm, gradLog, lapOverM } };
}

/** Max |HJB| and |FP| of the exact jets in the core's residuals, for the spec at (d, cSpec) and λ'. */
function residuals(d: number, c: number, opts: { lambda?: number; cSpec?: number } = {}) {
  return tf.tidy(() => {
    const problem = mfg.ergodic(ergodicTorusSpec({ d, c: opts.cSpec ?? c }));
    const x = uniformTorus(rng(7), 2048, d);
    const { w, m } = exactJets(x, d, c);
    const lambda = opts.lambda ?? -ergodicLambda(d, c);
    const hjb = maxAbs(mfg.hjbResidual(problem, x, w, m, {}, lambda));
    const fpOverM = maxAbs(mfg.fpResidualOverM(problem, x, w, m));
    const fp = maxAbs(mfg.fpResidual(problem, x, w, m));
    // round-off is relative to the largest term of each equation
    const hjbScale = Math.max(maxAbs(w.lap) * 0.5, maxAbs(m.logm), 1);
    const fpScale = Math.max(maxAbs(m.lapOverM), 1) * Math.max(maxAbs(m.m), 1);
    return { hjb, fp, fpOverM, hjbScale, fpScale };
  });
}

describe("problem 2 (ergodic MFG on the torus) posed for the core", () => {
  before(async () => {
    await initBackend();
  });

  it("I₀ by its series matches the reference values", () => {
    assert.ok(Math.abs(besselI0(2) - 2.2795853) < 1e-7, `I0(2) = ${besselI0(2)}`);
    assert.equal(besselI0(0), 1);
    assert.ok(Math.abs(besselI0(1) - 1.2660658777520082) < 1e-14);
    assert.ok(Math.abs(besselI0(-2) - besselI0(2)) < 1e-15);
  });

  it("λ* = d ln I₀(2c) = 0.8239935·d at c = 1, and equals ln ∫e^{2u} by quadrature; the spec's λ' is −λ*", () => {
    assert.ok(Math.abs(ergodicLambda(1, 1) - 0.8239935) < 1e-7);
    assert.ok(Math.abs(ergodicLambda(10, 1) - 8.239935) < 1e-6);
    const n = 4096;
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.exp(2 * Math.sin((TWO_PI * k) / n));
    assert.ok(Math.abs(Math.log(s / n) - ergodicLambda(1, 1)) < 1e-12);
    assert.equal(ergodicTorusSpec({ d: 3, c: 1 }).exact?.lambda, -ergodicLambda(3, 1));
  });

  it("validates as H = ½|p|² (D²ₚH = I), ν = ½, and its exact u, m are the independent closed forms", () => {
    const spec = ergodicTorusSpec({ d: 10, c: 0.1 });
    const problem = mfg.ergodic(spec);
    assert.deepEqual(problem.curvature, { kind: "isotropic", kappa: 1 });
    assert.equal(spec.nu, 0.5);
    tf.tidy(() => {
      const x = uniformTorus(rng(3), 512, 10);
      const { w, m } = exactJets(x, 10, 0.1);
      assert.ok(maxAbs(tf.sub(spec.exact!.u!(x), w.u)) < 1e-6);
      assert.ok(maxAbs(tf.sub(spec.exact!.m!(x), m.m)) < 1e-6 * maxAbs(m.m));
    });
  });

  for (const [d, c] of [[1, 1], [10, 0.1], [10, 1]] as const) {
    it(`the exact w, m, λ' make both core residuals vanish to float32 round-off (d = ${d}, c = ${c})`, () => {
      const r = residuals(d, c);
      assert.ok(r.hjb <= 16 * F32_EPS * r.hjbScale, `HJB max |res| ${r.hjb} vs scale ${r.hjbScale}`);
      assert.ok(r.fpOverM <= 16 * F32_EPS * r.fpScale, `FP/m max |res| ${r.fpOverM} vs scale ${r.fpScale}`);
      assert.ok(r.fp <= 16 * F32_EPS * r.fpScale, `FP max |res| ${r.fp} vs scale ${r.fpScale}`);
    });
  }

  for (const d of [1, 10]) {
    it(`a wrong λ', the paper's sign of λ, or a wrong c gives a clearly non-zero residual (d = ${d})`, () => {
      const c = d === 1 ? 1 : 0.1;
      const shifted = residuals(d, c, { lambda: -ergodicLambda(d, c) + 0.05 });
      assert.ok(Math.abs(shifted.hjb - 0.05) < 1e-4, `wrong λ': ${shifted.hjb}`);
      const paperSign = residuals(d, c, { lambda: ergodicLambda(d, c) });
      assert.ok(Math.abs(paperSign.hjb - 2 * ergodicLambda(d, c)) < 1e-4, `λ with the paper's sign: ${paperSign.hjb}`);
      const wrongC = residuals(d, c, { cSpec: c * 1.1 });
      assert.ok(wrongC.hjb > 1e3 * 64 * F32_EPS * wrongC.hjbScale, `wrong c: ${wrongC.hjb}`);
    });
  }

  it("ln Z of the exact density's N = 2u by Latin Monte Carlo recovers λ* (d = 1 spectrally, d = 10 to MC accuracy)", () => {
    for (const [d, c, tol] of [[1, 1, 1e-5], [10, 0.1, 1e-2]] as const) {
      const err = tf.tidy(() => {
        const y = latinTorus(rng(3), 4096, d);
        const n = tf.mul(tf.sum(tf.sin(tf.mul(y, TWO_PI)), 1, true), 2 * c) as tf.Tensor2D;
        return Math.abs((logZMonteCarlo(n).dataSync()[0] as number) - ergodicLambda(d, c));
      });
      assert.ok(err < tol, `d=${d}: |ln Z − λ*| = ${err}`);
    }
  });

  it("bad input: clear errors naming the parameter", () => {
    assert.throws(() => ergodicTorusSpec({ d: 0, c: 1 }), /d must be a positive integer/);
    assert.throws(() => ergodicTorusSpec({ d: 1, c: NaN }), /c must be finite/);
  });
});
