import { strict as assert } from "node:assert";
import { columnsToFrame, frameToCsv, rowsToFrame } from "../../src/frames";

describe("frames", () => {
  it("rows -> DataFrame keeps first-seen column order and fills missing cells with NaN", () => {
    const df = rowsToFrame([{ step: 0, total: 2 }, { step: 10, total: 1, boundary: 0.5 }]);
    assert.deepEqual(df.columns, ["step", "total", "boundary"]);
    assert.deepEqual(df.shape, [2, 3]);
    const csv = frameToCsv(df).trim().split("\n");
    assert.equal(csv[0], "step,total,boundary");
    assert.equal(csv[2], "10,1,0.5");
    assert.ok(Number.isNaN((df.values as number[][])[0]![2]));
  });

  it("columns -> DataFrame, typed arrays accepted; bad input named", () => {
    const df = columnsToFrame({ x: new Float64Array([0, 0.5]), phi: [1, 0.7] });
    assert.deepEqual(df.shape, [2, 2]);
    assert.throws(() => columnsToFrame({ x: [1, 2], y: [1] }), /column "y" has length 1, expected 2/);
    assert.throws(() => rowsToFrame([]), /rows is empty/);
  });
});
