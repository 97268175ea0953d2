#!/usr/bin/env node
// The mfg-lab kernel launcher: starts tslab from THIS checkout's node_modules, whatever the kernel's
// cwd is (Jupyter starts kernels in the notebook's folder). Plain CommonJS on purpose: it runs at
// every kernel start, before any TypeScript tooling, so it must load in milliseconds.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
const tslabDir = path.join(root, "node_modules", "tslab");

function fail(message) {
  process.stderr.write(`mfg-lab kernel: ${message}\n`);
  process.exit(1);
}

function configPathFrom(argv) {
  const i = argv.indexOf("--config-path");
  if (i >= 0 && argv[i + 1] !== undefined) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith("--config-path="));
  if (eq !== undefined) return eq.slice("--config-path=".length);
  return fail("usage: launch-kernel.js --config-path <connection_file>");
}

const configPath = configPathFrom(process.argv.slice(2));
if (!fs.existsSync(configPath)) fail(`connection file ${configPath} does not exist`);
const mainPath = path.join(tslabDir, "dist", "main.js");
if (!fs.existsSync(mainPath)) fail(`${mainPath} not found: run \`npm ci\` in ${root}`);

const tslab = require(mainPath);
if (tslab.MFG_LAB_PATCH_LEVEL === undefined) {
  // Stock tslab still works, with the defects listed in the README.
  process.stderr.write(
    `mfg-lab kernel: tslab in ${tslabDir} is not patched; run \`npx patch-package --patch-dir kernel/patches\`\n`,
  );
}
const version = require(path.join(tslabDir, "package.json")).version;
// enableFindLocal: false, so a tslab found above the notebook's folder can never replace ours.
tslab.startKernel({ configPath, enableFindLocal: false, jsKernel: false, globalVersion: version });
