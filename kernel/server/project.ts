// The notebook's project: the nearest tsconfig.json above the kernel's cwd. Files it covers are
// type-checked by `npm run typecheck` (tsc), so the kernel does not re-check them at every import
// (that cost ~10 s at the first `import … from "../src"`); a cell's own diagnostics, and those of
// imported files outside the project (a scratch file, another checkout), are still reported.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import * as ts from "@tslab/typescript-for-tslab";
import { normalizeSlashes } from "tslab/dist/tspath";

export interface Project {
  /** Absolute path of the tsconfig.json, or undefined when there is none above the cwd. */
  readonly configPath: string | undefined;
  /** Files the tsconfig covers (normalised with forward slashes, as TypeScript names them). */
  readonly files: ReadonlySet<string>;
}

export function findTsconfig(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export function loadProject(cwd: string): Project {
  const configPath = findTsconfig(cwd);
  if (configPath === undefined) return { configPath, files: new Set() };
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error !== undefined) return { configPath, files: new Set() };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath));
  return { configPath, files: new Set(parsed.fileNames.map(normalizeSlashes)) };
}
