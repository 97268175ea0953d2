// Every notebook in notebooks/ runs headlessly with quick=true through the executor. A failure
// names the notebook, the cell (index, id, first lines) and the error.
import { strict as assert } from "node:assert";
import { existsSync, promises as fs, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNotebook } from "../kernel/executor";

const DIR = join(__dirname, "..", "notebooks");
const notebooks = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith(".ipynb")).sort() : [];

describe("notebooks (quick=true)", function () {
  this.timeout(180_000);
  let out: string;
  before(async () => { out = await fs.mkdtemp(join(tmpdir(), "notebooks-test-")); });
  after(async () => { await fs.rm(out, { recursive: true, force: true }); });

  if (notebooks.length === 0) it("has notebooks to run");
  for (const name of notebooks) {
    it(name, async () => {
      const r = await runNotebook({ input: join(DIR, name), output: join(out, name), params: { quick: true }, timeoutMs: 170_000 });
      assert.equal(r.status, "ok", `\n${r.message ?? ""}\n(executed copy: ${r.executedPath})`);
    });
  }
});
