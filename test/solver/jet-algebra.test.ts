import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { rng } from "../../src/random";
import { jetAdd, jetAffineInput, jetExp, jetLog, jetMul, jetOffset, jetScale, jetSub, type ScalarJet } from "../../src/jet";
import { checkTfjsVersion } from "../../src/jet/tfjs-internals";
import { dgm, mlp, netF64, type LabNet } from "../../src/nets";

/*
 * The public jet arithmetic (scale, sum, product, exp, log, closed-form offsets) on ScalarJets of
 * a net (with dt and Hessian) and of a closed form, against central finite differences of the same
 * composite evaluated in float64 (netF64 + plain JS): value, gradient, Laplacian, dt and Hessian.
 * FD steps 1e-5 (first) and 1e-4 (second derivatives), float32 jets: 1e-3 relative to the largest
 * reference entry, as in nets-jet.test.ts.
 */

const RTOL = 1e-3;
type F = (x: readonly number[]) => number;

/** g(t, x) = sin(x₁) x₂² + 0.3 t x₁ and its exact jet (the "closed form" operand). */
const g: F = (p) => Math.sin(p[1] as number) * (p[2] as number) ** 2 + 0.3 * (p[0] as number) * (p[1] as number);
function gJet(pts: number[][], withDt: boolean): ScalarJet {
  const u = pts.map(([t, a, b]) => [Math.sin(a as number) * (b as number) ** 2 + 0.3 * (t as number) * (a as number)]);
  const grad = pts.map(([t, a, b]) => [Math.cos(a as number) * (b as number) ** 2 + 0.3 * (t as number), 2 * Math.sin(a as number) * (b as number)]);
  const hess = pts.map(([, a, b]) => [
    [-Math.sin(a as number) * (b as number) ** 2, 2 * Math.cos(a as number) * (b as number)],
    [2 * Math.cos(a as number) * (b as number), 2 * Math.sin(a as number)],
  ]);
  const lap = hess.map((h) => [(h[0]?.[0] as number) + (h[1]?.[1] as number)]);
  const base = { u: tf.tensor2d(u), grad: tf.tensor2d(grad), lap: tf.tensor2d(lap), hess: tf.tensor3d(hess) };
  return withDt ? { ...base, dt: tf.tensor2d(pts.map(([, a]) => [0.3 * (a as number)])) } : base;
}

function fdAll(f: F, x: readonly number[]): { u: number; grad: number[]; lap: number; dt: number; hess: number[] } {
  const e = (di: number, hi: number, dj = 0, hj = 0): number => f(x.map((v, k) => v + (k === di ? hi : 0) + (k === dj ? hj : 0)));
  const [h1, h2] = [1e-5, 1e-4];
  const grad = [1, 2].map((i) => (e(i, h1) - e(i, -h1)) / (2 * h1));
  const hess = [1, 2].flatMap((i) => [1, 2].map((j) => (e(i, h2, j, h2) - e(i, h2, j, -h2) - e(i, -h2, j, h2) + e(i, -h2, j, -h2)) / (4 * h2 * h2)));
  return { u: f(x), grad, lap: (hess[0] as number) + (hess[3] as number), dt: (e(0, h1) - e(0, -h1)) / (2 * h1), hess };
}

function assertClose(name: string, got: ArrayLike<number>, want: readonly number[]): void {
  assert.equal(got.length, want.length, `${name}: length`);
  const scale = Math.max(1, ...want.map(Math.abs));
  want.forEach((w, i) => assert.ok(Math.abs((got[i] as number) - w) <= RTOL * scale, `${name}[${i}]: jet ${got[i]} vs FD ${w} (scale ${scale})`));
}

function checkComposite(name: string, got: ScalarJet, f: F, pts: number[][]): void {
  const fd = pts.map((p) => fdAll(f, p));
  assertClose(`${name} u`, got.u.dataSync(), fd.map((r) => r.u));
  assertClose(`${name} grad`, got.grad.dataSync(), fd.flatMap((r) => r.grad));
  assertClose(`${name} lap`, got.lap.dataSync(), fd.map((r) => r.lap));
  assertClose(`${name} dt`, (got.dt as tf.Tensor).dataSync(), fd.map((r) => r.dt));
  assertClose(`${name} hess`, (got.hess as tf.Tensor).dataSync(), fd.flatMap((r) => r.hess));
}

function points(n: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from(r.uniformArray(3, -1, 1)));
}

describe("jet algebra on ScalarJets vs float64 finite differences", () => {
  let net: LabNet;
  let pts: number[][];
  let x: tf.Tensor2D;
  let a: ScalarJet;
  let b: ScalarJet;
  let phi: F;
  before(async () => {
    await initBackend();
    net = dgm({ inDim: 3, width: 8, layers: 1, timeInput: true, seed: 3 });
    pts = points(6, 11);
    x = tf.tensor2d(pts);
    a = net.jet(x, { hessian: true });
    b = gJet(pts, true);
    phi = netF64(net).u;
  });
  after(() => {
    tf.dispose([x, a.u, a.grad, a.lap, a.dt as tf.Tensor, a.hess as tf.Tensor, b.u, b.grad, b.lap, b.dt as tf.Tensor, b.hess as tf.Tensor]);
    net.dispose();
  });
  const cases: [string, (a: ScalarJet, b: ScalarJet) => ScalarJet, (phi: F) => F][] = [
    ["scale", (p) => jetScale(p, -2.5), (phi) => (z) => -2.5 * phi(z)],
    ["add", (p, q) => jetAdd(p, q), (phi) => (z) => phi(z) + g(z)],
    ["sub", (p, q) => jetSub(p, q), (phi) => (z) => phi(z) - g(z)],
    ["mul", (p, q) => jetMul(p, q), (phi) => (z) => phi(z) * g(z)],
    ["exp", (p) => jetExp(p), (phi) => (z) => Math.exp(phi(z))],
    ["exp(N)·g", (p, q) => jetMul(jetExp(p), q), (phi) => (z) => Math.exp(phi(z)) * g(z)],
    ["log(e^N + 2)", (p) => jetLog(jetOffset(jetExp(p), { u: tf.fill([6, 1], 2), grad: tf.zeros([6, 2]), lap: tf.zeros([6, 1]), hess: tf.zeros([6, 2, 2]) })), (phi) => (z) => Math.log(Math.exp(phi(z)) + 2)],
    ["offset", (p, q) => jetOffset(p, q), (phi) => (z) => phi(z) + g(z)],
  ];
  for (const [name, op, ref] of cases) {
    it(name, () => {
      const got = tf.tidy(() => op(a, b) as unknown as tf.TensorContainer) as unknown as ScalarJet;
      checkComposite(name, got, ref(phi), pts);
      tf.dispose([got.u, got.grad, got.lap, got.dt as tf.Tensor, got.hess as tf.Tensor]);
    });
  }

  it("an offset without dt is a function of space only (∂t g = 0)", () => {
    const gs = gJet(pts.map(([, p, q]) => [0, p as number, q as number]), false);
    const got = jetOffset(a, gs);
    const f: F = (z) => phi(z) + g([0, z[1] as number, z[2] as number]);
    checkComposite("offset(no dt)", got, f, pts);
    tf.dispose([gs.u, gs.grad, gs.lap, gs.hess as tf.Tensor, got.u, got.grad, got.lap, got.dt as tf.Tensor, got.hess as tf.Tensor]);
  });

  it("mismatched parts and shapes are refused with errors naming the part", () => {
    const noHess = { u: a.u, grad: a.grad, lap: a.lap, dt: a.dt as tf.Tensor2D };
    assert.throws(() => jetAdd(a, noHess), /jetAdd: hess is present in a only/);
    assert.throws(() => jetMul({ u: a.u, grad: a.grad, lap: a.lap }, noHess), /jetMul: dt is present in b only/);
    const bad = tf.zeros([6, 3]) as tf.Tensor2D;
    assert.throws(() => jetSub(a, { ...b, grad: bad }), /jetSub: b.hess must have shape \[6, 3, 3\]|grad shapes differ/);
    assert.throws(() => jetExp({ u: a.u, grad: a.grad, lap: bad }), /jetExp: a.lap must have shape \[6, 1\], got \[6, 3\]/);
    bad.dispose();
  });

  it("weight gradients of a loss through e^N (one reverse pass) vs float64 FD", () => {
    const m = mlp({ inDim: 2, hidden: [8, 8], seed: 4 });
    const p2 = points(5, 12).map(([, u, v]) => [u as number, v as number]);
    const x2 = tf.tensor2d(p2);
    // L = mean (Δe^N − e^N)²: what a stationary Fokker-Planck residual of a density e^N reads
    const { value, grads } = tf.variableGrads(() => {
      const e = jetExp(m.jet(x2));
      return tf.mean(tf.square(tf.sub(e.lap, e.u)));
    }, m.vars as tf.Variable[]);
    const f = netF64(m);
    const lossF64 = (): number => {
      let s = 0;
      for (const p of p2) {
        const em = (q: readonly number[]): number => Math.exp(f.u(q));
        const h = 1e-3;
        let lap = 0;
        for (let i = 0; i < 2; i++) lap += (em(p.map((v, k) => (k === i ? v + h : v))) - 2 * em(p) + em(p.map((v, k) => (k === i ? v - h : v)))) / (h * h);
        s += (lap - em(p)) ** 2;
      }
      return s / p2.length;
    };
    const checks: [string, number, number][] = [];
    m.vars.forEach((v, vi) => {
      for (const e of [0, v.size - 1]) {
        const w = f.weights[vi] as Float64Array;
        const w0 = w[e] as number;
        w[e] = w0 + 1e-4;
        const lp = lossF64();
        w[e] = w0 - 1e-4;
        const lm = lossF64();
        w[e] = w0;
        checks.push([`${v.name}[${e}]`, (grads[v.name] as tf.Tensor).dataSync()[e] as number, (lp - lm) / 2e-4]);
      }
    });
    const scale = Math.max(...checks.map(([, , w]) => Math.abs(w)));
    for (const [name, got, want] of checks) assert.ok(Math.abs(got - want) <= RTOL * scale, `${name}: ${got} vs FD ${want} (scale ${scale})`);
    tf.dispose([x2, value, ...Object.values(grads)]);
    m.dispose();
  });
});

describe("nets: affine input maps (inputScale, inputShift)", () => {
  before(async () => {
    await initBackend();
  });
  for (const periodic of [false, true]) {
    it(`jets w.r.t. the raw x with y = a∘x + b${periodic ? " then periodic features" : ""}`, () => {
      for (const net of [
        mlp({ inDim: 3, hidden: [10, 8], timeInput: true, periodic, inputScale: [0.5, 2, 0.25], inputShift: [-1, 0.5, 0.1], seed: 2 }),
        dgm({ inDim: 3, width: 6, layers: 1, timeInput: true, periodic, inputScale: [0.5, 2, 0.25], inputShift: [-1, 0.5, 0.1], seed: 2 }),
      ]) {
        const pts = points(5, 13);
        const xx = tf.tensor2d(pts);
        const j = net.jet(xx, { hessian: true });
        checkComposite(`${net.kind}${periodic ? " periodic" : ""}`, j, netF64(net).u, pts);
        const y = net.apply(xx);
        assertClose("apply", y.dataSync(), Array.from(j.u.dataSync()));
        tf.dispose([xx, y, j.u, j.grad, j.lap, j.dt as tf.Tensor, j.hess as tf.Tensor]);
        net.dispose();
      }
    });
  }
  it("jetAffineInput(N's jet at y = a∘x + b, a) equals the jet of the net built with that map", () => {
    const scale = [0.5, 2, 0.25], shift = [-1, 0.5, 0.1];
    for (const [uniform, sc] of [[false, scale], [true, [0.5, 1.5, 1.5]]] as const) {
      const plain = mlp({ inDim: 3, hidden: [10, 8], timeInput: true, periodic: true, seed: 2 });
      const mapped = mlp({ inDim: 3, hidden: [10, 8], timeInput: true, periodic: true, inputScale: sc, inputShift: shift, seed: 2 });
      const pts = points(5, 14);
      const xx = tf.tensor2d(pts);
      const yy = tf.tensor2d(pts.map((p) => p.map((v, c) => v * (sc[c] as number) + (shift[c] as number))));
      const want = mapped.jet(xx, { hessian: true });
      const nj = plain.jet(yy, uniform ? {} : { hessian: true });
      const before = tf.memory().numTensors;
      const got = jetAffineInput(nj, sc);
      assert.equal(tf.memory().numTensors, before + (uniform ? 4 : 5), "only the result's tensors are left");
      for (const k of ["u", "grad", "lap", "dt", ...(uniform ? [] : ["hess"])] as ("u" | "grad" | "lap" | "dt" | "hess")[]) {
        assertClose(`affine ${k}`, (got[k] as tf.Tensor).dataSync(), Array.from((want[k] as tf.Tensor).dataSync()));
      }
      tf.dispose([xx, yy, ...Object.values(want), ...Object.values(nj), ...Object.values(got)] as tf.Tensor[]);
      plain.dispose();
      mapped.dispose();
    }
    const j = { u: tf.zeros([2, 1]), grad: tf.zeros([2, 2]), lap: tf.zeros([2, 1]) } as ScalarJet;
    assert.throws(() => jetAffineInput(j, [1, 2]), /jetAffineInput: per-coordinate space scales need the jet's hess/);
    assert.throws(() => jetAffineInput(j, [1, 2, 3]), /jetAffineInput: scale must be a finite number or 2 finite numbers/);
    tf.dispose([j.u, j.grad, j.lap]);
  });

  it("rejects a bad input map naming the option", () => {
    assert.throws(() => mlp({ inDim: 2, hidden: [4], inputScale: [1] }), /mlp: inputScale must be an array of inDim = 2 numbers/);
    assert.throws(() => dgm({ inDim: 2, width: 4, layers: 1, inputScale: [1, 0] }), /dgm: inputScale\[1\] must be a finite nonzero number/);
    assert.throws(() => mlp({ inDim: 2, hidden: [4], inputShift: [0, NaN] }), /mlp: inputShift\[1\] must be a finite number/);
  });
});

describe("jet: tfjs version guard", () => {
  it("accepts 4.22.x and refuses other versions with a clear error", () => {
    assert.doesNotThrow(() => checkTfjsVersion({ tfjs: "4.22.0", "tfjs-core": "4.22.0" }));
    assert.throws(() => checkTfjsVersion({ tfjs: "4.23.1" }), /@tensorflow\/tfjs 4\.23\.1 is not supported: .*4\.22\.x/);
    assert.throws(() => checkTfjsVersion({ tfjs: "4.22.0", "tfjs-core": "5.0.0" }), /tfjs-core 5\.0\.0 is not supported/);
  });
});
