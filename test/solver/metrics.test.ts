import { strict as assert } from "node:assert";
import { pointwiseError, relL2, residualRms, supError } from "../../src/metrics";

describe("metrics", () => {
  it("relative L2, sup error and residual RMS against hand-computed values", () => {
    const exact = [3, 4, 0];
    const pred = new Float32Array([3, 4.5, -0.5]);
    // ‖(0, 0.5, −0.5)‖ / ‖(3, 4, 0)‖ = √0.5 / 5
    assert.ok(Math.abs(relL2(pred, exact) - Math.sqrt(0.5) / 5) < 1e-12);
    assert.equal(supError(pred, exact), 0.5);
    assert.ok(Math.abs(residualRms([1, -1, 1, -1]) - 1) < 1e-15);
    assert.ok(Math.abs(residualRms(new Float64Array([3, 4])) - Math.sqrt(12.5)) < 1e-12);
    assert.deepEqual(Array.from(pointwiseError([1, 2], [0.5, 3])), [0.5, -1]);
    assert.equal(relL2(exact, exact), 0);
  });

  it("a NaN prediction is never reported as a small error", () => {
    assert.ok(Number.isNaN(supError([1, NaN, 1], [1, 1, 1])));
    assert.ok(Number.isNaN(relL2([1, NaN], [1, 1])));
  });

  it("rejects mismatched or empty input by name", () => {
    assert.throws(() => relL2([1, 2], [1]), /relL2: pred has length 2, exact has length 1/);
    assert.throws(() => supError([], []), /supError: pred is empty/);
    assert.throws(() => residualRms([]), /residual is empty/);
    assert.throws(() => relL2([1], [0]), /exact is identically zero/);
  });
});
