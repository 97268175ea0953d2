// `mfg-lab run`: validate every input first (exit 2, nothing written), then execute with --jobs
// in parallel, write <out>/summary.json, exit 0 (all passed) or 1 (a notebook failed).
import { basename, join, resolve } from "node:path";
import { executePrepared, isBadInput, Prepared, prepareNotebook, RunResult } from "../executor";
import { writeFileAtomic } from "../nbformat";
import { ParameterError, Params, readParamsFile } from "../params";
import { Command, parseArgs, RunArgs, USAGE, UsageError } from "./args";
import { ProgressReporter } from "./progress";

export interface SummaryRow {
  readonly notebook: string;
  readonly status: "ok" | "failed";
  readonly seconds: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly executedPath: string;
  readonly error?: string;
}

interface Io { readonly stdout: NodeJS.WriteStream; readonly stderr: NodeJS.WriteStream }

async function collectParams(args: RunArgs): Promise<Params> {
  const fromFile = args.paramsFile === undefined ? {} : await readParamsFile(args.paramsFile);
  return { ...fromFile, ...args.params };
}

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

/** Runs `jobs` notebooks at a time; results keep the input order. */
async function runPool(prepared: readonly Prepared[], args: RunArgs, signal: AbortSignal, reporter: ProgressReporter): Promise<RunResult[]> {
  const results: RunResult[] = new Array<RunResult>(prepared.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < prepared.length; i = next++) {
      const prep = prepared[i] as Prepared;
      results[i] = await executePrepared(prep, {
        input: prep.input, output: outputPath(args, prep.input), signal, onProgress: reporter.onProgress,
        ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
        ...(args.cellTimeoutMs === undefined ? {} : { cellTimeoutMs: args.cellTimeoutMs }),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.jobs, prepared.length) }, worker));
  return results;
}

async function writeSummary(dir: string, results: readonly RunResult[]): Promise<void> {
  const rows: SummaryRow[] = results.map((r) => ({
    notebook: r.notebook, status: r.status, seconds: Math.round(r.seconds * 1000) / 1000, metrics: r.metrics, executedPath: r.executedPath,
    ...(r.message === undefined ? {} : { error: r.message }),
  }));
  await writeFileAtomic(join(dir, "summary.json"), JSON.stringify(rows, null, 2) + "\n");
}

/** SIGINT/SIGTERM abort the runs (kernels killed, partial notebooks written); a second one exits at once. */
function trapSignals(ctrl: AbortController): { received: () => NodeJS.Signals | undefined; release: () => void } {
  let got: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    if (got !== undefined) process.exit(sig === "SIGINT" ? 130 : 143); // the exit hook SIGKILLs kernels
    got = sig;
    ctrl.abort();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return { received: () => got, release: () => { process.off("SIGINT", handler); process.off("SIGTERM", handler); } };
}

/** HTML pages + index after the runs; a report that cannot be written fails the run (exit 1). */
async function writeReports(out: string, results: readonly RunResult[], args: RunArgs, io: Io): Promise<boolean> {
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
    const results = await runPool(prepared, args, ctrl.signal, reporter);
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
      io.stdout.write(USAGE + "\n");
      return 0;
    }
    return await run(cmd.args, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ParameterError) {
      io.stderr.write(`error: ${e.message}\n${e instanceof UsageError ? "run `mfg-lab --help` for usage.\n" : ""}`);
      return 2;
    }
    throw e;
  }
}
