// `mfg-lab run`: validate every input first (exit 2, nothing written), then execute with --jobs
// in parallel, write <out>/summary.json, exit 0 (all passed) or 1 (a notebook failed).
import { basename, join, resolve } from "node:path";
import { CacheContext, cacheContext, cacheKey, executePrepared, isBadInput, kernelThreadsEnv, Prepared, prepareNotebook, readCachedRun, RunResult } from "../executor";
import { writeFileAtomic } from "../nbformat";
import { ParameterError, Params } from "../params";
import { Command, parseArgs, RunArgs, UsageError } from "./args";
import { collectParams, Io } from "./io";
import { ProgressReporter } from "./progress";
import { trapSignals } from "./signals";

export interface SummaryRow {
  readonly notebook: string;
  readonly status: "ok" | "failed";
  readonly seconds: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly executedPath: string;
  /** not executed: the executed copy in --out was a completed run with the same cache key */
  readonly cached: boolean;
  readonly error?: string;
}

type Ran = RunResult & { readonly cached: boolean };



function outputPath(args: RunArgs, input: string): string {
  return args.inplace ? input : join(args.out as string, basename(input));
}

async function prepareAll(args: RunArgs, params: Params): Promise<{ prepared: Prepared[]; problems: string[] }> {
  const prepared: Prepared[] = [];
  const problems: string[] = [];
  const targets = new Map<string, string>();
  for (const input of args.notebooks) {
    const target = resolve(outputPath(args, input));
    if (targets.has(target)) problems.push(`${input}: same output file as ${String(targets.get(target))} (${target})`);
    if (!args.inplace && target === resolve(input)) problems.push(`${input}: --out would overwrite the input notebook; use another folder, or --inplace`);
    targets.set(target, input);
    try {
      prepared.push(await prepareNotebook({ input, params, ...(args.kernel === undefined ? {} : { kernel: args.kernel }) }));
    } catch (e) {
      if (!isBadInput(e)) throw e;
      problems.push(e.message);
    }
  }
  return { prepared, problems };
}

/** A cache hit: the completed executed copy at the output path has this notebook's key. */
async function cachedResult(prep: Prepared, output: string, key: string, args: RunArgs): Promise<Ran | undefined> {
  if (args.inplace || args.force) return undefined;
  const hit = await readCachedRun(output, key);
  return hit === undefined ? undefined : { notebook: prep.input, executedPath: output, status: "ok", seconds: hit.seconds, metrics: hit.metrics, cached: true };
}

/** Runs `jobs` notebooks at a time (cache hits skipped), each kernel with its share of the cores; results keep the input order. */
async function runPool(prepared: readonly Prepared[], args: RunArgs, signal: AbortSignal, reporter: ProgressReporter, ctx: CacheContext, io: Io): Promise<Ran[]> {
  const results: Ran[] = new Array<Ran>(prepared.length);
  let next = 0;
  const kernelEnv = kernelThreadsEnv(Math.min(args.jobs, prepared.length));
  const worker = async (): Promise<void> => {
    for (let i = next++; i < prepared.length; i = next++) {
      const prep = prepared[i] as Prepared;
      const output = outputPath(args, prep.input);
      const key = cacheKey(prep, ctx);
      const hit = await cachedResult(prep, output, key, args);
      if (hit !== undefined) io.stderr.write(`cached ${prep.input} -> ${output}\n`);
      results[i] = hit ?? { cached: false, ...await executePrepared(prep, {
        input: prep.input, output, signal, onProgress: reporter.onProgress, kernelEnv,
        // an --inplace run leaves no run record in the input notebook
        ...(args.inplace ? {} : { cacheKey: key, engine: "local" }),
        ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
        ...(args.cellTimeoutMs === undefined ? {} : { cellTimeoutMs: args.cellTimeoutMs }),
      }) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.jobs, prepared.length) }, worker));
  return results;
}

async function writeSummary(dir: string, results: readonly Ran[]): Promise<void> {
  const rows: SummaryRow[] = results.map((r) => ({
    notebook: r.notebook, status: r.status, seconds: Math.round(r.seconds * 1000) / 1000, metrics: r.metrics, executedPath: r.executedPath, cached: r.cached,
    ...(r.message === undefined ? {} : { error: r.message }),
  }));
  await writeFileAtomic(join(dir, "summary.json"), JSON.stringify(rows, null, 2) + "\n");
}

/** HTML pages + index after the runs; a report that cannot be written fails the run (exit 1). */
async function writeReports(out: string, results: readonly Ran[], args: RunArgs, io: Io): Promise<boolean> {
  try {
    // required here, not imported at the top: markdown/KaTeX/highlight.js load only for --html.
    // (a dynamic import() would go through the ESM loader, which refuses folder imports)
    const { publishReports } = require("../report") as typeof import("../report");
    const written = await publishReports(out, results, { noInput: args.noInput, png: args.png });
    io.stderr.write(`reports: ${written.length - 1} page(s) and ${join(out, "index.html")}\n`);
    return true;
  } catch (e) {
    io.stderr.write(`error: reports in ${out}: ${(e as Error).message}\n`);
    return false;
  }
}

async function run(args: RunArgs, io: Io): Promise<number> {
  const { prepared, problems } = await prepareAll(args, await collectParams(args));
  if (problems.length > 0) {
    io.stderr.write(problems.map((p) => `error: ${p}`).join("\n") + "\nnothing was executed or written.\n");
    return 2;
  }
  const ctrl = new AbortController();
  const signals = trapSignals(ctrl);
  const reporter = new ProgressReporter(io.stderr);
  try {
    const results = await runPool(prepared, args, ctrl.signal, reporter, cacheContext(), io);
    if (args.out !== undefined) await writeSummary(args.out, results);
    const reportsOk = args.html && args.out !== undefined ? await writeReports(args.out, results, args, io) : true;
    const sig = signals.received();
    if (sig !== undefined) return sig === "SIGINT" ? 130 : 143;
    return reportsOk && results.every((r) => r.status === "ok") ? 0 : 1;
  } finally {
    reporter.close();
    signals.release();
  }
}

export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseArgs(argv);
    if (cmd.kind === "help") {
      io.stdout.write(cmd.text + "\n");
      return 0;
    }
    // required here, not imported at the top: the sweep engines (and Slurm's) load only for a sweep,
    // so `run` spawns its kernel sooner
    if (cmd.kind === "sweep") return await (require("./sweep-command") as typeof import("./sweep-command")).sweepCommand(cmd.args, io);
    if (cmd.kind === "sweep-task") return await (require("./sweep-command") as typeof import("./sweep-command")).sweepTaskCommand(cmd.manifest, cmd.index, io);
    return await run(cmd.args, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ParameterError) {
      io.stderr.write(`error: ${e.message}\n${e instanceof UsageError ? "run `mfg-lab --help` for usage.\n" : ""}`);
      return 2;
    }
    throw e;
  }
}
