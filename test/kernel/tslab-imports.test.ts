// Regression test for the rootDir patch (f): with the kernel's cwd in notebooks/, cells import files
// outside the cwd ("../src", fixtures), folder imports resolve to index.ts, and type errors in an
// imported file name that file. One kernel for the file, started where Jupyter starts it.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { projectRoot } from "../../kernel/kernelspec";
import { KernelClient } from "../../kernel/protocol";
import { ofType, run, Run, startTestKernel } from "./support/kernel";

function result(r: Run): unknown {
  assert.equal(r.reply.status, "ok", JSON.stringify(ofType(r, "error")[0]?.content ?? r.reply));
  return ofType(r, "execute_result")[0]?.content.data["text/plain"];
}

describe("tslab patch (f): imports relative to the notebook's folder", function () {
  this.timeout(90_000);
  const notebooks = join(projectRoot(), "notebooks");
  let k: KernelClient;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "mfg-tslab-imports-"));
    k = await startTestKernel(notebooks);
  });
  after(async () => {
    await k?.shutdown();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("the kernel runs in the notebook's folder", async () => {
    assert.equal(result(await run(k, "process.cwd()")), `'${notebooks}'`);
  });

  it("imports a strict-style library from outside the cwd, folder imports included", async () => {
    const r = await run(k, 'import { area, Derived, firstOr, scaleAll } from "../test/fixtures/tslab-imports/lib";\n' +
      '[area({ kind: "rect", w: 2, h: 3 }), new Derived().describe(), firstOr([], 7), scaleAll([1, 2], 3)]');
    assert.equal(result(r), "[ 6, 'derived of base', 7, [ 3, 6 ] ]");
  });

  it("a type error in an imported file outside the cwd is reported with that file's path", async () => {
    const file = join(scratch, "broken.ts");
    writeFileSync(file, 'export const n: number = "not a number";\n');
    const r = await run(k, `import { n } from ${JSON.stringify(file.replace(/\.ts$/, ""))};\nn`);
    assert.equal(r.reply.status, "error");
    const e = ofType(r, "error")[0]?.content;
    assert.equal(e?.ename, "TSError");
    assert.ok(e?.evalue.startsWith(`${relative(notebooks, file)} 1:14 - Type 'string' is not assignable`), e?.evalue);
  });

  it("imports a module by absolute path (resolved from the root, not joined to the cwd)", async () => {
    const file = join(scratch, "fine.ts");
    writeFileSync(file, "export const answer: number = 6 * 7;\n");
    const r = await run(k, `import { answer } from ${JSON.stringify(file.replace(/\.ts$/, ""))};\nanswer`);
    assert.equal(result(r), "42");
  });

  it("the notebooks' own imports work: ../src and ../kernel/display", async () => {
    const r = await run(k, 'import * as lab from "../src";\nimport { showTable } from "../kernel/display";\n' +
      "[typeof lab.initBackend, typeof showTable]");
    assert.equal(result(r), "[ 'function', 'function' ]");
  });
});
