import { strict as assert } from "node:assert";
import { errorFromReply, formatFailure, headOf } from "../../kernel/executor";

// What stock tslab 1.0.22 writes to stderr (captured from the real kernel), with no iopub `error`.
const RUNTIME = "evalmachine.<anonymous>:7\nthrow new MyErr('bad thing');\n^\n\nMyErr: bad thing\n    at evalmachine.<anonymous>:7:7\n";
const TYPES = "1:7 - Type 'string' is not assignable to type 'number'.\n2:7 - Type 'number' is not assignable to type 'string'.\n";

describe("error outputs when the kernel sends no iopub error", () => {
  it("uses ename/evalue/traceback from the reply when present", () => {
    const e = errorFromReply({ status: "error", ename: "RangeError", evalue: "r", traceback: ["t1"] }, "ignored");
    assert.deepEqual(e, { output_type: "error", ename: "RangeError", evalue: "r", traceback: ["t1"] });
  });

  it("recovers a runtime error's name and message from stderr", () => {
    const e = errorFromReply({ status: "error" }, "some console.error: noise\n" + RUNTIME);
    assert.equal(e.ename, "MyErr");
    assert.equal(e.evalue, "bad thing");
    assert.ok(e.traceback.length > 3);
  });

  it("turns TypeScript diagnostics into a TSError listing all of them", () => {
    const e = errorFromReply({ status: "error" }, TYPES);
    assert.equal(e.ename, "TSError");
    assert.match(e.evalue, /^1:7 - Type 'string' is not assignable.*; 2:7 - Type 'number'/);
  });

  it("fails an aborted request and a bare status error with a clear reason", () => {
    assert.equal(errorFromReply({ status: "abort" }, "").ename, "ExecutionAborted");
    const bare = errorFromReply({ status: "error" }, "");
    assert.equal(bare.ename, "Error");
    assert.match(bare.evalue, /status "error"/);
    assert.equal(errorFromReply({ status: "error" }, "str\n").evalue, "str");
  });

  it("formats failures with notebook, cell index and id, first lines, ename and evalue", () => {
    const text = formatFailure({ notebook: "nb.ipynb", cellIndex: 4, cellId: "abc", firstLines: headOf("a\nb\nc\nd\ne"), ename: "Error", evalue: "boom" });
    assert.equal(text, "nb.ipynb: cell 4 (id abc) failed: Error: boom\n    | a\n    | b\n    | c\n    | ...");
  });
});
