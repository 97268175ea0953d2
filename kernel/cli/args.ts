// Command-line parsing for `mfg-lab run` (hand-written: four flags do not justify a dependency).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Json } from "../nbformat/types";
import { parseAssignment } from "../params";
import { UsageError } from "./usage-error";
import { walkArgs } from "./walk-args";
import { parseSweepArgs, SWEEP_USAGE, SweepArgs } from "./sweep-args";

export { UsageError } from "./usage-error";

export const USAGE = `Usage: mfg-lab run <notebooks or folders...> --out <dir> [options]

Executes Jupyter notebooks headlessly (kernel: this checkout's mfg-lab tslab kernel).
Writes <dir>/<name>.ipynb for each notebook and <dir>/summary.json.

Options:
  --out <dir>           output folder (required unless --inplace)
  -p, --param k=v       set a parameter (value parsed as JSON, else a string); repeatable
  -f, --params-file f   JSON object of parameters (-p wins over -f)
  --timeout <s>         per-notebook timeout in seconds
  --cell-timeout <s>    per-cell timeout in seconds
  --jobs <n>            notebooks run in parallel (default 1)
  --inplace             write the executed notebook over the input
  --kernel <name>       kernelspec name (default: the notebook's, else mfg-lab)
  --html                also write <dir>/<name>.html (self-contained report) and <dir>/index.html
  --no-input            reports hide the code cells (implies --html)
  --png                 add an image/png rendering of each Plotly figure to the executed
                        notebooks (needs Debian's chromium; implies --html)
  --force               execute even notebooks whose executed copy in <dir> is a cache hit
  -h, --help            this text

A notebook whose cell sources, parameters, package-lock.json and backend (LAB_BACKEND) match the
completed executed copy already in <dir> is not executed again (summary.json: "cached": true).
Exit codes: 0 all notebooks passed, 1 a notebook failed, 2 bad input or usage.

Sweeps over seeds and parameter grids, locally or on Slurm: mfg-lab sweep --help`;

export interface RunArgs {
  readonly notebooks: readonly string[];
  readonly out: string | undefined;
  readonly params: Readonly<Record<string, Json>>;
  readonly paramsFile: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly cellTimeoutMs: number | undefined;
  readonly jobs: number;
  readonly inplace: boolean;
  readonly kernel: string | undefined;
  /** write HTML reports next to the executed notebooks, and an index */
  readonly html: boolean;
  readonly noInput: boolean;
  readonly png: boolean;
  /** execute also when the executed copy in --out is a cache hit */
  readonly force: boolean;
}

export type Command =
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "run"; readonly args: RunArgs }
  | { readonly kind: "sweep"; readonly args: SweepArgs }
  | { readonly kind: "sweep-task"; readonly manifest: string; readonly index: number };

function sweepTask(rest: readonly string[]): Command {
  const [manifest, index] = rest;
  if (manifest === undefined || index === undefined || !/^\d+$/.test(index) || rest.length !== 2) {
    throw new UsageError("sweep-task (run by Slurm array tasks) expects <manifest.json> <task index>");
  }
  return { kind: "sweep-task", manifest, index: Number(index) };
}

function seconds(flag: string, v: string): number {
  const s = Number(v);
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`${flag} expects a positive number of seconds, got ${JSON.stringify(v)}`);
  return s * 1000;
}

/** A folder stands for the notebooks directly inside it, in name order. */
function expand(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    if (!existsSync(p) || !statSync(p).isDirectory()) return [p];
    return readdirSync(p).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(p, f));
  });
}

export function parseArgs(argv: readonly string[]): Command {
  const [cmd, ...rest] = argv;
  const help = argv.length === 0 || argv.includes("-h") || argv.includes("--help");
  if (help) return { kind: "help", text: cmd === "sweep" ? SWEEP_USAGE : USAGE };
  if (cmd === "sweep") return { kind: "sweep", args: parseSweepArgs(rest) };
  if (cmd === "sweep-task") return sweepTask(rest);
  if (cmd !== "run") throw new UsageError(`unknown command ${JSON.stringify(cmd)} (expected "run" or "sweep")`);
  const notebooks: string[] = [];
  const params: Record<string, Json> = {};
  const o: { out?: string; paramsFile?: string; timeoutMs?: number; cellTimeoutMs?: number; jobs: number; inplace: boolean; kernel?: string; html: boolean; noInput: boolean; png: boolean; force: boolean } = { jobs: 1, inplace: false, html: false, noInput: false, png: false, force: false };
  walkArgs(rest, (a, value) => {
    if (a === "--out" || a === "-o") o.out = value();
    else if (a === "-p" || a === "--param") { const [k, v] = parseAssignment(value()); params[k] = v; }
    else if (a === "-f" || a === "--params-file") o.paramsFile = value();
    else if (a === "--timeout") o.timeoutMs = seconds(a, value());
    else if (a === "--cell-timeout") o.cellTimeoutMs = seconds(a, value());
    else if (a === "--jobs" || a === "-j") { o.jobs = Number(value()); if (!Number.isInteger(o.jobs) || o.jobs < 1) throw new UsageError(`--jobs expects a positive integer`); }
    else if (a === "--inplace") o.inplace = true;
    else if (a === "--kernel") o.kernel = value();
    else if (a === "--html") o.html = true;
    else if (a === "--no-input") o.noInput = o.html = true;
    else if (a === "--png") o.png = o.html = true;
    else if (a === "--force") o.force = true;
    else return false;
    return true;
  }, (a) => notebooks.push(a));
  if (notebooks.length === 0) throw new UsageError("no notebooks given");
  if (o.out === undefined && !o.inplace) throw new UsageError("--out <dir> is required (or --inplace)");
  if (o.html && o.out === undefined) throw new UsageError("--html, --no-input and --png need --out <dir> (the reports and index.html go there)");
  return {
    kind: "run",
    args: { notebooks: expand(notebooks), out: o.out, params, paramsFile: o.paramsFile, timeoutMs: o.timeoutMs, cellTimeoutMs: o.cellTimeoutMs, jobs: o.jobs, inplace: o.inplace, kernel: o.kernel, html: o.html, noInput: o.noInput, png: o.png, force: o.force },
  };
}
