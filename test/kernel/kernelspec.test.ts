import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  installKernelSpec,
  jupyterDataDir,
  kernelSpecDir,
  parseInstallArgs,
  projectKernelSpec,
  projectRoot,
} from "../../kernel/kernelspec";

describe("kernel/kernelspec", () => {
  it("projectKernelSpec runs this checkout's launcher with absolute paths", () => {
    const spec = projectKernelSpec();
    assert.equal(spec.display_name, "TypeScript (MFG lab)");
    assert.equal(spec.language, "typescript");
    assert.deepEqual(spec.argv.slice(2), ["--config-path", "{connection_file}"]);
    assert.equal(spec.argv[0], process.execPath);
    assert.equal(spec.argv[1], join(projectRoot(), "kernel", "kernelspec", "launch-kernel.js"));
    assert.ok(existsSync(join(projectRoot(), "package.json")));
  });

  it("projectKernelSpec refuses a root without the launcher, naming it", () => {
    assert.throws(() => projectKernelSpec({ root: "/nonexistent-root" }), /nonexistent-root/);
  });

  it("jupyterDataDir follows jupyter_core: env, XDG, macOS, Windows", () => {
    assert.equal(jupyterDataDir({ env: { JUPYTER_DATA_DIR: "/j" }, home: "/h" }), "/j");
    assert.equal(jupyterDataDir({ env: {}, platform: "linux", home: "/h" }), "/h/.local/share/jupyter");
    assert.equal(jupyterDataDir({ env: { XDG_DATA_HOME: "/x" }, platform: "linux", home: "/h" }), "/x/jupyter");
    assert.equal(jupyterDataDir({ env: {}, platform: "darwin", home: "/h" }), "/h/Library/Jupyter");
    assert.equal(jupyterDataDir({ env: { APPDATA: "/a" }, platform: "win32", home: "/h" }), join("/a", "jupyter"));
  });

  it("kernelSpecDir honours --prefix like jupyter kernelspec install", () => {
    assert.equal(kernelSpecDir({ prefix: "/p" }), "/p/share/jupyter/kernels/mfg-lab");
    assert.equal(kernelSpecDir({ env: { JUPYTER_DATA_DIR: "/j" } }), "/j/kernels/mfg-lab");
  });

  it("installKernelSpec writes kernel.json equal to projectKernelSpec()", () => {
    const dir = mkdtempSync(join(tmpdir(), "mfg-ks-"));
    try {
      const { dir: out } = installKernelSpec({ prefix: dir });
      const written = JSON.parse(readFileSync(join(out, "kernel.json"), "utf8")) as unknown;
      assert.deepEqual(written, JSON.parse(JSON.stringify(projectKernelSpec())));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the launcher fails clearly on a missing connection file or argument", () => {
    const spec = projectKernelSpec();
    const node = spec.argv[0] as string;
    const launcher = spec.argv[1] as string;
    const missing = spawnSync(node, [launcher, "--config-path", "/nonexistent/conn.json"], { encoding: "utf8" });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /connection file \/nonexistent\/conn.json does not exist/);
    const bare = spawnSync(node, [launcher], { encoding: "utf8" });
    assert.equal(bare.status, 1);
    assert.match(bare.stderr, /usage: launch-kernel.js --config-path/);
  });

  it("parseInstallArgs takes --prefix DIR / --prefix=DIR and rejects the rest", () => {
    assert.deepEqual(parseInstallArgs([]), {});
    assert.deepEqual(parseInstallArgs(["--prefix", "/d"]), { prefix: "/d" });
    assert.deepEqual(parseInstallArgs(["--prefix=/d"]), { prefix: "/d" });
    assert.throws(() => parseInstallArgs(["--prefix"]), /--prefix needs a directory/);
    assert.throws(() => parseInstallArgs(["--sys-prefix"]), /unknown argument "--sys-prefix"/);
  });
});
