import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { rng } from "../../src/random";
import { dgm, mlp, netF64, type Activation, type LabNet, type ScalarJet } from "../../src/nets";

/*
 * Jets against central finite differences of a float64 re-evaluation of the same weights in plain
 * JS (netF64), so tfjs is not checked against itself. FD steps: 1e-5 for first derivatives
 * (truncation ~1e-10, roundoff ~1e-11), 1e-4 for second derivatives (truncation ~h²/12·u'''' ≲
 * 1e-6 even with the 2π-scaled periodic features, roundoff ~1e-8). The tfjs side is float32 with
 * sums over ≤ 32-wide layers and d = 10 directions: ~1e-6 relative per term, so a 1e-3 relative
 * tolerance (scaled by the largest reference value of that quantity) has a wide margin yet still
 * fails on any missing term (a dropped cross term or σ'' term moves the Laplacian by O(1)).
 */

const H1 = 1e-5;
const H2 = 1e-4;
const RTOL = 1e-3;

interface FdJet {
  u: number;
  grad: number[];
  lap: number;
  dt: number;
}

function fdJet(u: (x: readonly number[]) => number, x: readonly number[], time: boolean): FdJet {
  const t0 = time ? 1 : 0;
  const at = (i: number, h: number): number => u(x.map((v, k) => (k === i ? v + h : v)));
  const u0 = u(x);
  const grad: number[] = [];
  let lap = 0;
  for (let i = t0; i < x.length; i++) {
    grad.push((at(i, H1) - at(i, -H1)) / (2 * H1));
    lap += (at(i, H2) - 2 * u0 + at(i, -H2)) / (H2 * H2);
  }
  const dt = time ? (at(0, H1) - at(0, -H1)) / (2 * H1) : NaN;
  return { u: u0, grad, lap, dt };
}

/** |jet − fd| ≤ RTOL · max(1, max |fd|) over every point, per quantity. */
function assertClose(name: string, got: ArrayLike<number>, want: readonly number[]): void {
  assert.equal(got.length, want.length, `${name}: length`);
  const scale = Math.max(1, ...want.map(Math.abs));
  want.forEach((w, i) => {
    const g = got[i] as number;
    assert.ok(Math.abs(g - w) <= RTOL * scale, `${name}[${i}]: jet ${g} vs finite differences ${w} (scale ${scale})`);
  });
}

function samplePoints(n: number, inDim: number, seed: number, periodic: boolean): number[][] {
  const r = rng(seed);
  const lo = periodic ? 0 : -1;
  return Array.from({ length: n }, () => Array.from(r.uniformArray(inDim, lo, 1)));
}

function checkJet(net: LabNet, pts: number[][]): void {
  const f = netF64(net);
  const x = tf.tensor2d(pts);
  const jet: ScalarJet = net.jet(x);
  const fd = pts.map((p) => fdJet(f.u, p, net.timeInput));
  assert.deepEqual(jet.u.shape, [pts.length, 1]);
  assert.deepEqual(jet.grad.shape, [pts.length, net.d]);
  assert.deepEqual(jet.lap.shape, [pts.length, 1]);
  assertClose("u", jet.u.dataSync(), fd.map((j) => j.u));
  assertClose("grad", jet.grad.dataSync(), fd.flatMap((j) => j.grad));
  assertClose("lap", jet.lap.dataSync(), fd.map((j) => j.lap));
  if (net.timeInput) {
    assert.ok(jet.dt !== undefined, "dt present with timeInput");
    assert.deepEqual(jet.dt.shape, [pts.length, 1]);
    assertClose("dt", jet.dt.dataSync(), fd.map((j) => j.dt));
  } else {
    assert.equal(jet.dt, undefined, "no dt without timeInput");
  }
  tf.dispose([x, jet.u, jet.grad, jet.lap, ...(jet.dt ? [jet.dt] : [])]);
}

type Make = (o: { inDim: number; timeInput: boolean; periodic: boolean; seed: number; activation?: Activation }) => LabNet;
const makers: Record<string, Make> = {
  mlp: (o) => mlp({ ...o, hidden: [16, 12] }),
  dgm: (o) => dgm({ ...o, width: 10, layers: 2 }),
};

describe("nets: jets vs float64 finite differences", () => {
  before(async () => {
    await initBackend();
  });
  for (const [kind, make] of Object.entries(makers)) {
    for (const d of [1, 10]) {
      for (const timeInput of [false, true]) {
        for (const periodic of [false, true]) {
          it(`${kind} d=${d}${timeInput ? " +t" : ""}${periodic ? " periodic" : ""}`, () => {
            const inDim = d + (timeInput ? 1 : 0);
            const net = make({ inDim, timeInput, periodic, seed: 7 + d });
            checkJet(net, samplePoints(6, inDim, 100 + d, periodic));
            net.dispose();
          });
        }
      }
    }
    for (const activation of ["sigmoid", "softplus"] as const) {
      it(`${kind} d=3 +t ${activation}`, () => {
        const net = make({ inDim: 4, timeInput: true, periodic: false, seed: 3, activation });
        checkJet(net, samplePoints(5, 4, 5, false));
        net.dispose();
      });
    }
  }

  it("the finite-difference check fails on a wrong Laplacian (sanity of the harness)", () => {
    const net = mlp({ inDim: 2, hidden: [8], seed: 1 });
    const f = netF64(net);
    const p = [0.2, -0.3];
    const ref = fdJet(f.u, p, false);
    assert.throws(() => assertClose("lap", [ref.lap * 1.01 + 0.01], [ref.lap]), /lap\[0\]/);
    net.dispose();
  });
});

describe("nets: apply, determinism, bad input", () => {
  before(async () => {
    await initBackend();
  });
  it("apply(x) equals jet(x).u", () => {
    for (const net of [mlp({ inDim: 4, hidden: [32, 32], timeInput: true, periodic: true, seed: 2 }), dgm({ inDim: 3, width: 16, layers: 1, seed: 2 })]) {
      const x = tf.tensor2d(samplePoints(64, net.inDim, 9, true));
      const a = net.apply(x);
      const j = net.jet(x);
      assert.deepEqual(a.shape, [64, 1]);
      const av = a.dataSync(), uv = j.u.dataSync();
      av.forEach((v, i) => assert.ok(Math.abs(v - (uv[i] as number)) <= 1e-6 * Math.max(1, Math.abs(v)), `${net.kind} apply[${i}] ${v} vs jet.u ${uv[i]}`));
      tf.dispose([x, a, j.u, j.grad, j.lap]);
      if (j.dt) j.dt.dispose();
      net.dispose();
    }
  });

  it("same seed gives the same weights and outputs; another seed does not", () => {
    for (const make of Object.values(makers)) {
      const o = { inDim: 5, timeInput: true, periodic: false };
      const [a, b, c] = [make({ ...o, seed: 11 }), make({ ...o, seed: 11 }), make({ ...o, seed: 12 })] as [LabNet, LabNet, LabNet];
      a.vars.forEach((v, i) => assert.deepEqual(v.dataSync(), (b.vars[i] as tf.Variable).dataSync(), `var ${v.name}`));
      const x = tf.tensor2d(samplePoints(8, 5, 1, false));
      const [ya, yb, yc] = [a.apply(x), b.apply(x), c.apply(x)];
      assert.deepEqual(ya.dataSync(), yb.dataSync());
      assert.notDeepEqual(ya.dataSync(), yc.dataSync());
      tf.dispose([x, ya, yb, yc]);
      [a, b, c].forEach((n) => n.dispose());
    }
  });

  it("Glorot scale: weight std ≈ sqrt(2 / (fanIn + fanOut))", () => {
    const net = mlp({ inDim: 200, hidden: [300], seed: 5 });
    const w = Array.from((net.vars[0] as tf.Variable).dataSync() as Float32Array);
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    assert.ok(Math.abs(std / Math.sqrt(2 / 500) - 1) < 0.02, `std ${std}`);
    net.dispose();
  });

  it("rejects bad options and inputs with errors naming the parameter", () => {
    assert.throws(() => mlp({ inDim: 0, hidden: [4] }), /mlp: inDim/);
    assert.throws(() => mlp({ inDim: 2, hidden: [] }), /mlp: hidden/);
    assert.throws(() => mlp({ inDim: 2, hidden: [4, 2.5] }), /mlp: hidden\[1\]/);
    assert.throws(() => mlp({ inDim: 1, hidden: [4], timeInput: true }), /no space coordinate/);
    assert.throws(() => dgm({ inDim: 2, width: 0, layers: 1 }), /dgm: width/);
    assert.throws(() => dgm({ inDim: 2, width: 4, layers: -1 }), /dgm: layers/);
    assert.throws(() => dgm({ inDim: 2, width: 4, layers: 1, activation: "relu" as Activation }), /activation: unknown activation relu/);
    const net = mlp({ inDim: 3, hidden: [4], seed: 1 });
    const x = tf.zeros([5, 2]) as tf.Tensor2D;
    assert.throws(() => net.jet(x), /mlp: input x must have shape \[n, 3\], got \[5, 2\]/);
    assert.throws(() => net.apply(x), /mlp: input x/);
    x.dispose();
    net.dispose();
  });
});
