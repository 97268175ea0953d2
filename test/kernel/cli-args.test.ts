import { strict as assert } from "node:assert";
import { resolve } from "node:path";
import { parseArgs } from "../../kernel/cli/args";
import { parseSweepArgs } from "../../kernel/cli/sweep-args";

describe("mfg-lab argv (one walk for run and sweep)", () => {
  it("run: flags with values, positionals, and errors naming the flag", () => {
    const c = parseArgs(["run", "a.ipynb", "--out", "/tmp/o", "-p", "seed=3", "--jobs", "2", "b.ipynb", "--html"]);
    assert.equal(c.kind, "run");
    if (c.kind !== "run") return;
    assert.equal(c.args.out, "/tmp/o");
    assert.deepEqual(c.args.params, { seed: 3 });
    assert.deepEqual([c.args.jobs, c.args.html], [2, true]);
    assert.throws(() => parseArgs(["run", "a.ipynb", "--out"]), /--out needs a value/);
    assert.throws(() => parseArgs(["run", "a.ipynb", "--out", "o", "--bogus"]), /unknown option --bogus/);
  });

  it("sweep: one notebook, the same errors", () => {
    const s = parseSweepArgs(["nb.ipynb", "--out", "o", "--grid", "seed=1..2"]);
    assert.equal(s.notebook, resolve("nb.ipynb"));
    assert.throws(() => parseSweepArgs(["nb.ipynb", "--out"]), /--out needs a value/);
    assert.throws(() => parseSweepArgs(["nb.ipynb", "--bogus"]), /unknown option --bogus/);
    assert.throws(() => parseSweepArgs(["a.ipynb", "b.ipynb", "--out", "o"]), /one notebook per sweep \(got a.ipynb and b.ipynb\)/);
  });
});
