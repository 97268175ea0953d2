import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** In a fresh node with tsx registered (as the kernel's launcher does), which files got a source map? */
function mapsAfterLoading(wrap: boolean): { dependency: boolean; project: boolean } {
  const script = `
    const Module = require("module");
    require(${JSON.stringify(join(ROOT, "node_modules", "tsx", "dist", "cjs", "index.cjs"))});
    if (${wrap}) require(${JSON.stringify(join(ROOT, "kernel", "kernelspec", "dependency-source-maps.js"))}).skipDependencySourceMaps();
    // the direct dependency (package.json), not a transitive one whose place npm may change;
    // its main, dist/tf.node.js, ends with a sourceMappingURL to a 5.7 MB map
    const dep = require.resolve("@tensorflow/tfjs", { paths: [${JSON.stringify(ROOT)}] });
    require(dep);
    const own = ${JSON.stringify(join(ROOT, "kernel", "server", "errors.ts"))};
    require(own);
    process.stdout.write(JSON.stringify({ dependency: Module.findSourceMap(dep) !== undefined, project: Module.findSourceMap(own) !== undefined }));`;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe("kernel/kernelspec/dependency-source-maps", function () {
  this.timeout(60_000);
  it("without it, tsx makes Node parse the source maps of dependencies too", () => {
    assert.deepEqual(mapsAfterLoading(false), { dependency: true, project: true });
  });
  it("with it, dependencies load without their maps and the project's .ts files keep theirs", () => {
    assert.deepEqual(mapsAfterLoading(true), { dependency: false, project: true });
  });
});
