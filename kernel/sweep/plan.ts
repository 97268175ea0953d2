// From a sweep spec to its manifest, checking everything first: the notebook reads, every grid and
// fixed name is declared by its `parameters` cell with values of the right kind, the kernel exists,
// the size is sane. Nothing runs or is written before this passes (the CLI's exit 2).
import { basename, join, resolve } from "node:path";
import { cacheContext, cacheKey, prepareNotebook } from "../executor";
import { readNotebook } from "../nbformat";
import type { Json } from "../nbformat/types";
import { injectParameters, ParameterError } from "../params";
import { checkAxes, expandGrid, gridSize } from "./grid";
import { Manifest, MANIFEST_FORMAT, ManifestRun, SweepSpec } from "./manifest";

/** More runs than this need `--yes`: a typo in a range should not fill a cluster. */
export const MAX_RUNS_WITHOUT_YES = 10_000;

export const runDir = (dir: string, run: string): string => join(dir, "runs", run);
export const executedPathOf = (dir: string, notebook: string, run: string): string => join(runDir(dir, run), basename(notebook));

/** Each grid value and the fixed parameters against the parameters cell (names, JSON kinds). */
async function checkParams(spec: SweepSpec): Promise<void> {
  const nb = await readNotebook(spec.notebook);
  const clash = spec.axes.find((a) => a.name in spec.fixed);
  if (clash !== undefined) throw new ParameterError(`${clash.name} is set by -p/-f and by --grid; give it once`);
  injectParameters(nb, spec.fixed, spec.notebook);
  for (const axis of spec.axes) {
    for (const v of axis.values) injectParameters(nb, { [axis.name]: v }, spec.notebook);
  }
}

export interface PlanOptions {
  /** allow more than MAX_RUNS_WITHOUT_YES runs */
  readonly yes: boolean;
}

/** The manifest of `spec` with its runs' cache keys; `dir` is the sweep's --out folder. */
export async function planSweep(spec: SweepSpec, dir: string, opts: PlanOptions): Promise<Manifest> {
  checkAxes(spec.axes);
  const n = gridSize(spec.axes);
  if (n > MAX_RUNS_WITHOUT_YES && !opts.yes) {
    throw new ParameterError(`the grid has ${n} runs (more than ${MAX_RUNS_WITHOUT_YES}); add --yes if you mean it`);
  }
  await checkParams(spec);
  // one full preparation resolves the kernel and reads the notebook as the runs will
  const base = await prepareNotebook({ input: spec.notebook, params: spec.fixed, ...(spec.kernel === undefined ? {} : { kernel: spec.kernel }) });
  const source = await readNotebook(spec.notebook);
  const ctx = cacheContext();
  const absDir = resolve(dir);
  const runs: ManifestRun[] = expandGrid(spec.axes).map((r, index) => {
    const params: Record<string, Json> = { ...spec.fixed, ...r.point };
    return {
      index, run: r.id, params, executedPath: executedPathOf(absDir, spec.notebook, r.id),
      cacheKey: cacheKey({ nb: source, params, kernel: base.kernel }, ctx),
    };
  });
  const over = runs.find((r) => r.executedPath === resolve(spec.notebook));
  if (over !== undefined) throw new ParameterError(`--out ${dir}: run ${over.run} would overwrite the input notebook ${spec.notebook}`);
  return { format: MANIFEST_FORMAT, spec, runs };
}
