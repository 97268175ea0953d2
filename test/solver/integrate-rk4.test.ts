import { strict as assert } from "node:assert";
import { rk4, rk4Path, scalarField, type VectorField } from "../../src/integrate";

// y'' = −y as (y, y') on [0, 2π]: exact y = cos t, y' = −sin t; a rotation, so no error cancels
const oscillator: VectorField = (_, y, out) => {
  out[0] = y[1] as number;
  out[1] = -(y[0] as number);
};

describe("integrate: fixed-step RK4", () => {
  it("a vector system: error at fourth order against the exact solution", () => {
    const err = (steps: number): number => {
      const y = rk4(oscillator, [1, 0], { t0: 0, t1: 2 * Math.PI, steps });
      return Math.hypot((y[0] as number) - 1, y[1] as number);
    };
    assert.ok(err(400) < 1e-8, `error ${err(400)}`);
    const order = Math.log2(err(50) / err(100));
    assert.ok(order > 3.9 && order < 4.1, `observed order ${order}`);
  });

  it("a time-dependent scalar field, forwards and backwards in time", () => {
    // y' = 2t y, y(0) = 1: y = e^{t²}
    const f = scalarField((t, y) => 2 * t * y);
    const fwd = rk4(f, [1], { t0: 0, t1: 1, steps: 200 })[0] as number;
    assert.ok(Math.abs(fwd - Math.E) < 1e-8, `forward ${fwd}`);
    const back = rk4(f, [Math.E], { t0: 1, t1: 0, steps: 200 })[0] as number;
    assert.ok(Math.abs(back - 1) < 1e-8, `backward ${back}`);
  });

  it("one step is the classical tableau (by hand, y' = y + t)", () => {
    const h = 0.1;
    const g = (t: number, y: number): number => y + t;
    const k1 = g(0, 1), k2 = g(h / 2, 1 + (h / 2) * k1), k3 = g(h / 2, 1 + (h / 2) * k2), k4 = g(h, 1 + h * k3);
    const want = 1 + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    assert.equal(rk4(scalarField(g), [1], { t0: 0, t1: h, steps: 1 })[0], want);
  });

  it("visits every node with its time; the path holds copies", () => {
    const seen: number[] = [];
    rk4(oscillator, [1, 0], { t0: 2, t1: 3, steps: 4 }, (k, t) => seen.push(k, t));
    assert.deepEqual(seen, [0, 2, 1, 2.25, 2, 2.5, 3, 2.75, 4, 3]);
    const path = rk4Path(oscillator, [1, 0], { t0: 0, t1: 1, steps: 10 });
    assert.equal(path.length, 11);
    assert.deepEqual(Array.from(path[0]!), [1, 0]);
    assert.ok(Math.abs(path[10]![0]! - Math.cos(1)) < 1e-6 && path[5]![0] !== path[10]![0]);
  });

  it("rejects bad grids, naming the field", () => {
    assert.throws(() => rk4(oscillator, [1, 0], { t0: 0, t1: 1, steps: 0 }), /rk4: steps must be a positive integer, got 0/);
    assert.throws(() => rk4(oscillator, [1, 0], { t0: 0, t1: 1, steps: 2.5 }), /steps/);
    assert.throws(() => rk4(oscillator, [1, 0], { t0: 0, t1: NaN, steps: 3 }), /t0 and t1 must be finite/);
  });
});
