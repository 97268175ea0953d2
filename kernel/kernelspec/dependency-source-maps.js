// Source maps for the project's own code only. tsx turns Node's source-map support on (so that
// stacks from cells and from src/ point at .ts lines), and with it on Node reads and parses the
// .map file of every CommonJS file it loads, dependencies included: @tensorflow/tfjs alone then
// loads in ~0.85 s instead of ~0.35 s (its bundles ship multi-MB maps). This wraps the loader of
// `.js` files so that a file under node_modules/ is compiled with source maps off; stacks inside
// dependencies show their compiled .js lines, as they do without tsx. Plain CommonJS: installed by
// launch-kernel.js right after tsx registers its own `.js` loader, which this one wraps.
"use strict";
const Module = require("module");
const path = require("path");

const DEPENDENCY = `${path.sep}node_modules${path.sep}`;

/** Installs the wrapper once; returns false when it was already installed. */
function skipDependencySourceMaps() {
  const load = Module._extensions[".js"];
  if (load.skipsDependencySourceMaps) return false;
  function loadJs(module, filename) {
    if (!filename.includes(DEPENDENCY) || !process.sourceMapsEnabled) return load.call(this, module, filename);
    process.setSourceMapsEnabled(false);
    try {
      return load.call(this, module, filename);
    } finally {
      process.setSourceMapsEnabled(true);
    }
  }
  loadJs.skipsDependencySourceMaps = true;
  Module._extensions[".js"] = loadJs;
  return true;
}

module.exports = { skipDependencySourceMaps };
