import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { dopri5, float64Algebra, rk4, rk4States, type StateAlgebra, type VectorField } from "../../src/integrate";

const oscillator: VectorField = (_, y, out) => {
  out[0] = y[1] as number;
  out[1] = -(y[0] as number);
};
const asState = (f: VectorField) => (t: number, y: Float64Array): Float64Array => {
  const out = new Float64Array(y.length);
  f(t, y, out);
  return out;
};

describe("integrate: RK4 over a state algebra, and Dormand–Prince", () => {
  before(async () => {
    await initBackend();
  });

  it("float64 states: bit-identical to rk4", () => {
    const f: VectorField = (t, y, out) => {
      out[0] = Math.sin(t) * (y[1] as number) - 0.3 * (y[0] as number);
      out[1] = -(y[0] as number) + t * t;
    };
    const grid = { t0: 0.1, t1: 2.3, steps: 37 };
    const a = rk4(f, [0.7, -1.2], grid);
    const b = rk4States(float64Algebra, asState(f), Float64Array.from([0.7, -1.2]), grid).at(-1) as Float64Array;
    assert.deepEqual(Array.from(b), Array.from(a));
  });

  it("tensor states carry gradients through the steps (dy(1)/dc of y' = −cy)", () => {
    const alg: StateAlgebra<tf.Tensor> = {
      axpy: (y, a, k) => tf.add(y, tf.mul(k, a)),
      rk4Update: (y, h, k1, k2, k3, k4) => tf.add(y, tf.mul(tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]), h / 6)),
    };
    // y' = −c y: y(1) = y0 e^{−c}, dy(1)/dc = −y0 e^{−c}
    const c = 0.8;
    const g = tf.grad((cc: tf.Tensor) => {
      const nodes = rk4States(alg, (_, y) => tf.mul(tf.neg(cc), y), tf.tensor1d([2]), { t0: 0, t1: 1, steps: 20 });
      return (nodes.at(-1) as tf.Tensor).sum();
    })(tf.scalar(c));
    assert.ok(Math.abs((g.dataSync()[0] as number) + 2 * Math.exp(-c)) < 1e-5, `dy/dc ${g.dataSync()[0]}`);
  });

  it("dopri5 meets its tolerance on known solutions and counts its evaluations", () => {
    for (const tol of [1e-5, 1e-8]) {
      const r = dopri5(oscillator, [1, 0], 0, 2 * Math.PI, { rtol: tol, atol: tol });
      const err = Math.hypot((r.y[0] as number) - 1, r.y[1] as number);
      assert.ok(err < 50 * tol, `tol ${tol}: error ${err}`);
      assert.equal(r.nfe, 1 + 6 * (r.accepted + r.rejected));
    }
    // y' = 2ty, y(0) = 1: y = e^{t²}, forwards and backwards
    const f: VectorField = (t, y, out) => {
      out[0] = 2 * t * (y[0] as number);
    };
    const fwd = dopri5(f, [1], 0, 1, { rtol: 1e-9, atol: 1e-9 });
    assert.ok(Math.abs((fwd.y[0] as number) - Math.E) < 1e-7, `forward ${fwd.y[0]}`);
    const back = dopri5(f, [Math.E], 1, 0, { rtol: 1e-9, atol: 1e-9 });
    assert.ok(Math.abs((back.y[0] as number) - 1) < 1e-7, `backward ${back.y[0]}`);
    // a linear field is integrated in few steps; a harder one needs more
    const easy = dopri5((_, y, o) => { o[0] = -(y[0] as number); }, [1], 0, 1, { rtol: 1e-5, atol: 1e-5 }).nfe;
    const hard = dopri5((t, y, o) => { o[0] = Math.cos(20 * t) * (y[0] as number); }, [1], 0, 1, { rtol: 1e-5, atol: 1e-5 }).nfe;
    assert.ok(easy < hard, `nfe easy ${easy} vs hard ${hard}`);
    assert.throws(() => dopri5(oscillator, [1, 0], 0, 1, { rtol: 0, atol: 1e-6 }), /rtol/);
  });
});
