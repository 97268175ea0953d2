import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { rng } from "../../src/random";
import { dgm, mlp, netF64, type LabNet, type ScalarJet } from "../../src/nets";

/*
 * The optional space Hessian of net.jet(x, { hessian: true }) against central finite differences
 * of the float64 re-evaluation (netF64): mixed ∂_i∂_j u by the four-point stencil, h = 1e-4
 * (truncation ~h²·u'''' ≲ 1e-6, roundoff ~1e-16/h² = 1e-8). float32 jets: 1e-3 relative to the
 * largest entry, as in nets-jet.test.ts. Then the weight gradients of a loss that reads off-diagonal
 * Hessian entries (a non-isotropic tr(A ∇²u), A = [[1, .5], [.5, 1]] padded) by one reverse pass,
 * against θ-differences of the same loss with the Hessian itself differenced (hx = 1e-3).
 */

const H2 = 1e-4;
const RTOL = 1e-3;

type U = (x: readonly number[]) => number;

function fdHessian(u: U, x: readonly number[], t0: number, h: number): number[][] {
  const d = x.length - t0;
  const at = (i: number, hi: number, j: number, hj: number): number =>
    u(x.map((v, k) => v + (k === t0 + i ? hi : 0) + (k === t0 + j ? hj : 0)));
  const out: number[][] = [];
  for (let i = 0; i < d; i++) {
    const row: number[] = [];
    for (let j = 0; j < d; j++) row.push((at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h));
    out.push(row);
  }
  return out;
}

function samplePoints(n: number, inDim: number, seed: number, periodic: boolean): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from(r.uniformArray(inDim, periodic ? 0 : -1, 1)));
}

function assertClose(name: string, got: ArrayLike<number>, want: readonly number[]): void {
  assert.equal(got.length, want.length, `${name}: length`);
  const scale = Math.max(1, ...want.map(Math.abs));
  want.forEach((w, i) => assert.ok(Math.abs((got[i] as number) - w) <= RTOL * scale, `${name}[${i}]: jet ${got[i]} vs FD ${w} (scale ${scale})`));
}

function disposeJet(j: ScalarJet): void {
  tf.dispose([j.u, j.grad, j.lap, ...(j.dt ? [j.dt] : []), ...(j.hess ? [j.hess] : [])]);
}

function checkHessian(net: LabNet, pts: number[][]): void {
  const f = netF64(net);
  const x = tf.tensor2d(pts);
  const plain = net.jet(x);
  const j = net.jet(x, { hessian: true });
  assert.ok(j.hess !== undefined, "hess present");
  assert.equal(plain.hess, undefined, "no hess unless asked");
  assert.deepEqual(j.hess.shape, [pts.length, net.d, net.d]);
  const t0 = net.timeInput ? 1 : 0;
  assertClose("hess", j.hess.dataSync(), pts.flatMap((p) => fdHessian(f.u, p, t0, H2).flat()));
  // the other parts are those of the plain jet, and lap is the Hessian's trace
  for (const k of ["u", "grad", "lap", "dt"] as const) {
    const a = plain[k], b = j[k];
    if (a === undefined || b === undefined) continue;
    assertClose(k, b.dataSync(), Array.from(a.dataSync()));
  }
  const tr = tf.tidy(() => tf.sum(tf.mul(j.hess as tf.Tensor3D, tf.eye(net.d).expandDims(0)), [1, 2]));
  assertClose("trace", tr.dataSync(), Array.from(j.lap.dataSync()));
  tf.dispose([x, tr]);
  disposeJet(plain);
  disposeJet(j);
}

const makers: Record<string, (o: { inDim: number; timeInput: boolean; periodic: boolean; seed: number }) => LabNet> = {
  mlp: (o) => mlp({ ...o, hidden: [12, 10] }),
  dgm: (o) => dgm({ ...o, width: 8, layers: 2 }),
};

/** A = [[1, .5], [.5, 1]] in the first two coordinates, identity on the others. */
function aMatrix(d: number): number[][] {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : (i < 2 && j < 2 ? 0.5 : 0))));
}

function lossTf(j: ScalarJet, x: tf.Tensor2D, a: number[][], t0: number): tf.Scalar {
  const d = a.length;
  const trA = tf.sum(tf.mul(j.hess as tf.Tensor3D, tf.tensor3d(a.flat(), [1, d, d])), [1, 2]);
  const xs = tf.slice(x, [0, t0], [-1, d]);
  const r = tf.sub(tf.add(trA.reshape([-1, 1]), tf.mul(tf.sum(tf.square(j.grad), 1, true), 0.5)), tf.sum(tf.sin(xs), 1, true));
  return tf.mean(tf.square(r));
}

function lossF64(u: U, pts: number[][], a: number[][], t0: number): number {
  const hx = 1e-3;
  let sum = 0;
  for (const p of pts) {
    const hs = fdHessian(u, p, t0, hx);
    let trA = 0, g2 = 0, s = 0;
    a.forEach((row, i) => row.forEach((aij, k) => (trA += aij * (hs[i]?.[k] as number))));
    for (let i = 0; i < a.length; i++) {
      const e = (h: number): number => u(p.map((v, k) => (k === t0 + i ? v + h : v)));
      g2 += ((e(hx) - e(-hx)) / (2 * hx)) ** 2;
      s += Math.sin(p[t0 + i] as number);
    }
    sum += (trA + 0.5 * g2 - s) ** 2;
  }
  return sum / pts.length;
}

function checkWeightGrads(net: LabNet, pts: number[][]): void {
  const t0 = net.timeInput ? 1 : 0;
  const a = aMatrix(net.d);
  const x = tf.tensor2d(pts);
  const { value, grads } = tf.variableGrads(() => lossTf(net.jet(x, { hessian: true }), x, a, t0), net.vars as tf.Variable[]);
  const f = netF64(net);
  const eps = 1e-4;
  const checks: [string, number, number][] = [];
  net.vars.forEach((v, vi) => {
    for (const e of [0, Math.floor(v.size / 2), v.size - 1]) {
      const w = f.weights[vi] as Float64Array;
      const w0 = w[e] as number;
      w[e] = w0 + eps;
      const lp = lossF64(f.u, pts, a, t0);
      w[e] = w0 - eps;
      const lm = lossF64(f.u, pts, a, t0);
      w[e] = w0;
      const g = grads[v.name];
      checks.push([`${v.name}[${e}]`, g === undefined ? 0 : (g.dataSync()[e] as number), (lp - lm) / (2 * eps)]);
    }
  });
  const scale = Math.max(...checks.map(([, , w]) => Math.abs(w)));
  assert.ok(scale > 1e-3, `gradient scale ${scale} too small to be a meaningful check`);
  for (const [name, got, want] of checks) assert.ok(Math.abs(got - want) <= RTOL * scale, `${name}: reverse pass ${got} vs FD ${want} (scale ${scale})`);
  tf.dispose([x, value, ...Object.values(grads)]);
}

describe("jet: full space Hessian vs float64 finite differences", function () {
  this.timeout(300000);
  before(async () => {
    await initBackend();
  });
  for (const [kind, make] of Object.entries(makers)) {
    for (const d of [1, 3]) {
      for (const timeInput of [false, true]) {
        for (const periodic of [false, true]) {
          it(`${kind} d=${d}${timeInput ? " +t" : ""}${periodic ? " periodic" : ""}`, () => {
            const inDim = d + (timeInput ? 1 : 0);
            const net = make({ inDim, timeInput, periodic, seed: 5 + d });
            checkHessian(net, samplePoints(5, inDim, 40 + d, periodic));
            net.dispose();
          });
        }
      }
    }
    it(`${kind}: weight gradients of a loss through tr(A ∇²u) (one reverse pass)`, () => {
      const net = make({ inDim: 4, timeInput: true, periodic: false, seed: 9 });
      checkWeightGrads(net, samplePoints(5, 4, 61, false));
      net.dispose();
    });
    it(`${kind} periodic: weight gradients through tr(A ∇²u)`, () => {
      const net = make({ inDim: 2, timeInput: false, periodic: true, seed: 10 });
      checkWeightGrads(net, samplePoints(5, 2, 62, true));
      net.dispose();
    });
  }

  it("the Hessian check fails on a wrong off-diagonal entry (sanity of the harness)", () => {
    const net = mlp({ inDim: 2, hidden: [8], seed: 1 });
    const ref = fdHessian(netF64(net).u, [0.2, -0.3], 0, H2).flat();
    const bad = ref.map((v, i) => (i === 1 ? v + 0.01 * Math.max(1, Math.abs(v)) : v));
    assert.throws(() => assertClose("hess", bad, ref), /hess\[1\]/);
    net.dispose();
  });
});
