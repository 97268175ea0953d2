import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** The first ```ts block of README.md's "## Pose your own MFG" section. */
export function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## Pose your own MFG");
  assert.ok(start >= 0, "README.md has a section \"Pose your own MFG\"");
  const end = readme.indexOf("\n## ", start + 5);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(m !== null, "the section has a ```ts code block");
  return m[1] as string;
}

describe("README: Pose your own MFG", function () {
  this.timeout(180_000);

  it("the example has at most 40 lines and runs as written (tiny budget)", () => {
    const code = readmeExample();
    assert.ok(code.trimEnd().split("\n").length <= 40, `the example has ${code.trimEnd().split("\n").length} lines`);
    assert.match(code, /iterations: 300/);
    // the only edits: the import path (the file runs from test/solver) and the budget
    const run = code.replace('from "./src"', 'from "../../src"').replace("iterations: 300", "iterations: 3");
    const file = join(__dirname, `readme-example.generated-${process.pid}.ts`);
    writeFileSync(file, run);
    try {
      const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), file], { cwd: ROOT, encoding: "utf8", timeout: 170_000 });
      assert.equal(r.status, 0, `the example failed:\n${r.stderr.slice(-3000)}`);
      const line = r.stdout.trim().split("\n").at(-1) as string;
      const out = JSON.parse(line) as Record<string, number>;
      for (const k of ["lambda", "rel_l2_u", "rel_l2_m", "lambda_abs_error", "hjb_rms", "fp_rms"]) {
        assert.ok(Number.isFinite(out[k]), `${k} in ${line}`);
      }
    } finally {
      unlinkSync(file);
    }
  });
});
