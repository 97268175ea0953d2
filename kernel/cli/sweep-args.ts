// Command-line parsing for `mfg-lab sweep` (and the internal `mfg-lab sweep-task` of Slurm tasks).
import { resolve } from "node:path";
import type { Json } from "../nbformat/types";
import { parseAssignment } from "../params";
// the two modules it needs, not ../sweep's index (the sweep engines load only for a sweep)
import { GridAxis, parseGridArg } from "../sweep/grid";
import { splitArgs } from "../sweep/slurm";
import { UsageError } from "./usage-error";
import { walkArgs } from "./walk-args";

export const SWEEP_USAGE = `Usage: mfg-lab sweep <notebook> --out <dir> --grid name=v1,v2,… [--grid …] [options]
       mfg-lab sweep --resume --out <dir>          (continue the sweep recorded in <dir>)

Runs the notebook once per point of the grid (the cartesian product of the --grid axes) and writes
<dir>/runs/<run-id>/<notebook>.ipynb, <dir>/sweep.json and <dir>/aggregate.json (per group = grid
minus the seed axis, per metric: n, mean, std, min, median, max, 95% Student-t interval, failed runs).

Options:
  --grid name=values    values as JSON literals (else strings), comma-separated, or an integer
                        range a..b (seed=1..5); repeatable
  -p, --param k=v       a parameter fixed for every run; -f, --params-file f: a JSON object of them
  --engine local|slurm  local (default): --jobs runs at a time here; slurm: one job array
  --jobs <n>            local: runs at a time (default: the CPU count); slurm: the array's %n limit
  --slurm-args "…"      extra sbatch options, e.g. "--partition=short --time=00:30:00 --mem=4G --account=lab"
  --resume              continue the sweep in <dir> (its manifest.json): runs missing or failed only
  --force               re-run every run, also those with a cached result
  --seed-param <name>   the grid axis that repeats a configuration (default: seed)
  --html                also write <dir>/index.html (tables, a box plot per metric, run reports)
  --yes                 allow more than 10,000 runs
  --timeout <s>, --cell-timeout <s>, --kernel <name>: as for mfg-lab run

A run whose cell sources, parameters, package-lock.json and backend (LAB_BACKEND) match a completed
run in <dir> is not executed again (sweep.json says "cached": true).
Exit codes: 0 every run passed, 1 a run failed, 2 bad input or usage (nothing executed).`;

export interface SweepArgs {
  readonly notebook: string | undefined;
  readonly out: string;
  readonly axes: readonly GridAxis[];
  readonly params: Readonly<Record<string, Json>>;
  readonly paramsFile: string | undefined;
  readonly engine: "local" | "slurm";
  readonly jobs: number | undefined;
  readonly sbatchArgs: readonly string[];
  readonly resume: boolean;
  readonly force: boolean;
  readonly html: boolean;
  readonly yes: boolean;
  readonly seedParam: string;
  readonly timeoutMs: number | undefined;
  readonly cellTimeoutMs: number | undefined;
  readonly kernel: string | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function positiveSeconds(flag: string, v: string): number {
  const s = Number(v);
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`${flag} expects a positive number of seconds, got ${JSON.stringify(v)}`);
  return s * 1000;
}

function slurmArgs(text: string): string[] {
  try {
    return splitArgs(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function setOption(o: Mutable<SweepArgs> & { axesList: GridAxis[]; paramsMap: Record<string, Json> }, a: string, value: () => string): boolean {
  if (a === "--out" || a === "-o") o.out = value();
  else if (a === "--grid" || a === "-g") o.axesList.push(parseGridArg(value()));
  else if (a === "-p" || a === "--param") { const [k, v] = parseAssignment(value()); o.paramsMap[k] = v; }
  else if (a === "-f" || a === "--params-file") o.paramsFile = value();
  else if (a === "--engine") {
    const e = value();
    if (e !== "local" && e !== "slurm") throw new UsageError(`--engine expects local or slurm, got ${JSON.stringify(e)}`);
    o.engine = e;
  } else if (a === "--jobs" || a === "-j") {
    o.jobs = Number(value());
    if (!Number.isInteger(o.jobs) || o.jobs < 1) throw new UsageError("--jobs expects a positive integer");
  } else if (a === "--slurm-args") o.sbatchArgs = [...o.sbatchArgs, ...slurmArgs(value())];
  else if (a === "--seed-param") o.seedParam = value();
  else if (a === "--timeout") o.timeoutMs = positiveSeconds(a, value());
  else if (a === "--cell-timeout") o.cellTimeoutMs = positiveSeconds(a, value());
  else if (a === "--kernel") o.kernel = value();
  else if (a === "--resume") o.resume = true;
  else if (a === "--force") o.force = true;
  else if (a === "--html") o.html = true;
  else if (a === "--yes" || a === "-y") o.yes = true;
  else return false;
  return true;
}

export function parseSweepArgs(rest: readonly string[]): SweepArgs {
  const o: Mutable<SweepArgs> & { axesList: GridAxis[]; paramsMap: Record<string, Json> } = {
    notebook: undefined, out: "", axes: [], params: {}, paramsFile: undefined, engine: "local", jobs: undefined, sbatchArgs: [],
    resume: false, force: false, html: false, yes: false, seedParam: "seed", timeoutMs: undefined, cellTimeoutMs: undefined, kernel: undefined,
    axesList: [], paramsMap: {},
  };
  walkArgs(rest, (a, value) => setOption(o, a, value), (a) => {
    if (o.notebook !== undefined) throw new UsageError(`one notebook per sweep (got ${o.notebook} and ${a})`);
    o.notebook = a;
  });
  if (o.out === "") throw new UsageError("--out <dir> is required");
  if (!o.resume && o.notebook === undefined) throw new UsageError("no notebook given");
  if (!o.resume && o.axesList.length === 0) throw new UsageError("no --grid given (a sweep needs at least one axis, e.g. --grid seed=1..5)");
  if (o.resume && o.force) throw new UsageError("--resume and --force contradict each other (--force re-runs everything)");
  const { axesList, paramsMap, ...args } = o;
  return { ...args, axes: axesList, params: paramsMap, notebook: o.notebook === undefined ? undefined : resolve(o.notebook) };
}
