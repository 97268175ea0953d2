#!/usr/bin/env node
// `pretest` / `prenotebooks`: installs from the lock file (`npm ci`) first when node_modules is
// missing or older than package-lock.json, so that on a fresh clone `npm test` and
// `npm run notebooks` are the only commands a newcomer types. Plain Node with no dependencies:
// it runs before anything is installed.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

/**
 * What to do, from the file system's state (pure, so it unit-tests without running npm).
 * `installedMs`: when node_modules was last installed — npm rewrites node_modules/.package-lock.json
 * on every install, so its time is the install's; a node_modules without it uses its own time.
 * A symlinked node_modules belongs to another checkout: we never install into it.
 * @param {{ nodeModules: "missing" | "dir" | "symlink", installedMs?: number, lockMs: number }} state
 * @returns {{ action: "install" | "ok" | "skip", reason: string }}
 */
function decideInstall(state) {
  if (state.nodeModules === "missing") return { action: "install", reason: "node_modules is missing" };
  if (state.installedMs !== undefined && state.installedMs >= state.lockMs) {
    return { action: "ok", reason: "node_modules is up to date with package-lock.json" };
  }
  if (state.nodeModules === "symlink") {
    return {
      action: "skip",
      reason: "node_modules is older than package-lock.json, but it is a symlink to another checkout's install: " +
        "not touching it (run npm ci where it lives)",
    };
  }
  return { action: "install", reason: "node_modules is older than package-lock.json" };
}

/** Reads the state decideInstall needs in the project folder `root`. */
function readState(root) {
  const lock = path.join(root, "package-lock.json");
  if (!fs.existsSync(lock)) throw new Error(`${lock} not found: the project installs from its lock file`);
  const dir = path.join(root, "node_modules");
  let link;
  try {
    link = fs.lstatSync(dir);
  } catch {
    return { nodeModules: "missing", lockMs: fs.statSync(lock).mtimeMs };
  }
  const hidden = path.join(dir, ".package-lock.json");
  const installedMs = fs.existsSync(hidden) ? fs.statSync(hidden).mtimeMs : fs.statSync(dir).mtimeMs;
  return { nodeModules: link.isSymbolicLink() ? "symlink" : "dir", installedMs, lockMs: fs.statSync(lock).mtimeMs };
}

/** `npm ci` with the npm that runs this script (npm_execpath), else the npm on PATH. */
function npmCi(root) {
  const npm = process.env.npm_execpath;
  const [cmd, args] = npm && /npm/.test(path.basename(npm)) ? [process.execPath, [npm, "ci", "--no-audit", "--no-fund"]] : ["npm", ["ci", "--no-audit", "--no-fund"]];
  return spawnSync(cmd, args, { cwd: root, stdio: "inherit" }).status ?? 1;
}

function main() {
  const root = path.resolve(__dirname, "..", "..");
  if (process.env.MFG_LAB_NO_AUTO_INSTALL === "1") return 0;
  const decision = decideInstall(readState(root));
  if (decision.action === "ok") return 0;
  process.stderr.write(`ensure-install: ${decision.reason}${decision.action === "install" ? "; running npm ci" : ""}\n`);
  return decision.action === "install" ? npmCi(root) : 0;
}

module.exports = { decideInstall, readState };

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (err) {
    process.stderr.write(`ensure-install: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 1;
  }
}
