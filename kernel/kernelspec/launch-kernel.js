#!/usr/bin/env node
// The mfg-lab kernel launcher: starts our kernel (kernel/server) from THIS checkout, whatever the
// kernel's cwd is (Jupyter starts kernels in the notebook's folder). Plain CommonJS: it registers
// tsx, which then loads the kernel's TypeScript and the project modules cells import (../src).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");

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
for (const dep of ["tsx", "tslab", "zeromq"]) {
  if (!fs.existsSync(path.join(root, "node_modules", dep, "package.json"))) fail(`${dep} not found: run \`npm ci\` in ${root}`);
}
// TypeScript (tslab's 9 MB compiler) loads with Node's own CommonJS loader, before tsx registers
// its own: tsx scans every .js file it loads for ESM syntax, ~0.1 s for this one file alone.
require(path.join(root, "node_modules", "@tslab", "typescript-for-tslab"));
require(path.join(root, "node_modules", "tsx", "dist", "cjs", "index.cjs"));
require("./dependency-source-maps").skipDependencySourceMaps();
const { main } = require(path.join(root, "kernel", "server", "main.ts"));
main(["--config-path", configPath]).catch((e) => fail(e && e.stack ? e.stack : String(e)));
