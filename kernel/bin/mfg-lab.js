#!/usr/bin/env node
// The `mfg-lab` command: registers tsx so the TypeScript CLI loads without a build step.
"use strict";
require("tsx/cjs");
const { main } = require("../cli/main.ts");

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`mfg-lab: internal error: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 1; },
);
