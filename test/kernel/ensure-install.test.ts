// The pre-script of `npm test` / `npm run notebooks`: when does it install from the lock file?
// Decided from file times; checked on real temp folders, and end to end with a fake npm (so no
// test ever runs a real `npm ci`).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decideInstall, readState } from "../../kernel/bin/ensure-install";

const SCRIPT = join(__dirname, "..", "..", "kernel", "bin", "ensure-install.js");
const T0 = new Date("2026-01-01T00:00:00Z");
const later = (s: number): Date => new Date(T0.getTime() + s * 1000);

describe("ensure-install (pretest / prenotebooks)", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "ensure-install-"));
    writeFileSync(join(root, "package-lock.json"), "{}\n");
    utimesSync(join(root, "package-lock.json"), T0, T0);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** node_modules installed at `t` (npm's hidden lockfile carries the install time). */
  function installedAt(t: Date, hiddenLock = true): void {
    mkdirSync(join(root, "node_modules"), { recursive: true });
    if (hiddenLock) {
      writeFileSync(join(root, "node_modules", ".package-lock.json"), "{}\n");
      utimesSync(join(root, "node_modules", ".package-lock.json"), t, t);
    }
    utimesSync(join(root, "node_modules"), t, t);
  }

  it("decides: missing or older -> install, up to date -> nothing, an old symlinked one -> left alone", () => {
    assert.equal(decideInstall({ nodeModules: "missing", lockMs: 10 }).action, "install");
    assert.equal(decideInstall({ nodeModules: "dir", installedMs: 9, lockMs: 10 }).action, "install");
    assert.equal(decideInstall({ nodeModules: "dir", lockMs: 10 }).action, "install");
    assert.equal(decideInstall({ nodeModules: "dir", installedMs: 10, lockMs: 10 }).action, "ok");
    assert.equal(decideInstall({ nodeModules: "dir", installedMs: 11, lockMs: 10 }).action, "ok");
    assert.equal(decideInstall({ nodeModules: "symlink", installedMs: 11, lockMs: 10 }).action, "ok");
    assert.equal(decideInstall({ nodeModules: "symlink", installedMs: 9, lockMs: 10 }).action, "skip");
    assert.match(decideInstall({ nodeModules: "dir", installedMs: 9, lockMs: 10 }).reason, /older than package-lock\.json/);
  });

  it("reads the state from the folder: no node_modules", () => {
    assert.deepEqual(readState(root), { nodeModules: "missing", lockMs: T0.getTime() });
  });

  it("reads the install time from node_modules/.package-lock.json, else from the folder", () => {
    installedAt(later(-60));
    assert.equal(decideInstall(readState(root)).action, "install");
    utimesSync(join(root, "node_modules"), later(60), later(60)); // the folder's time does not count
    assert.equal(readState(root).installedMs, later(-60).getTime());
    installedAt(later(60));
    assert.equal(decideInstall(readState(root)).action, "ok");
    rmSync(join(root, "node_modules", ".package-lock.json"));
    utimesSync(join(root, "node_modules"), later(-1), later(-1));
    assert.deepEqual(readState(root), { nodeModules: "dir", installedMs: later(-1).getTime(), lockMs: T0.getTime() });
  });

  it("sees a symlinked node_modules as such", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "ensure-install-other-"));
    try {
      writeFileSync(join(elsewhere, ".package-lock.json"), "{}\n");
      utimesSync(join(elsewhere, ".package-lock.json"), later(-5), later(-5));
      symlinkSync(elsewhere, join(root, "node_modules"));
      assert.deepEqual(decideInstall(readState(root)).action, "skip");
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("names the missing lock file", () => {
    rmSync(join(root, "package-lock.json"));
    assert.throws(() => readState(root), /package-lock\.json not found/);
  });

  describe("the script, with a fake npm", () => {
    /** Runs a copy of the script in `root`; the fake npm records its arguments. */
    function runScript(): { status: number | null; stderr: string; npmArgs: string | undefined } {
      mkdirSync(join(root, "kernel", "bin"), { recursive: true });
      copyFileSync(SCRIPT, join(root, "kernel", "bin", "ensure-install.js"));
      const fakeNpm = join(root, "fake-npm-cli.js");
      const record = join(root, "npm-args.txt");
      writeFileSync(fakeNpm, `require("fs").writeFileSync(${JSON.stringify(record)}, process.argv.slice(2).join(" "));\n`);
      const r = spawnSync(process.execPath, [join(root, "kernel", "bin", "ensure-install.js")], {
        encoding: "utf8", env: { ...process.env, npm_execpath: fakeNpm, MFG_LAB_NO_AUTO_INSTALL: "" },
      });
      let npmArgs: string | undefined;
      try { npmArgs = readFileSync(record, "utf8"); } catch { npmArgs = undefined; }
      return { status: r.status, stderr: r.stderr, npmArgs };
    }

    it("runs npm ci on a fresh clone (no node_modules)", () => {
      const r = runScript();
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.npmArgs, "ci --no-audit --no-fund");
      assert.match(r.stderr, /node_modules is missing; running npm ci/);
    });

    it("runs npm ci when the lock file changed after the install", () => {
      installedAt(later(-60));
      const r = runScript();
      assert.equal(r.npmArgs, "ci --no-audit --no-fund");
      assert.match(r.stderr, /older than package-lock\.json; running npm ci/);
    });

    it("does nothing, silently, when node_modules is up to date", () => {
      installedAt(later(60));
      const r = runScript();
      assert.deepEqual([r.status, r.stderr, r.npmArgs], [0, "", undefined]);
    });
  });
});
