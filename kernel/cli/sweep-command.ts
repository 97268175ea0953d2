// `mfg-lab sweep` and `mfg-lab sweep-task` (one Slurm array task): exit codes as for `run`.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { isBadInput } from "../executor";
import { ManifestError, readManifest, runSweep, SlurmMissingError, SweepResult, SweepSpec } from "../sweep";
import { executeRun } from "../sweep/execute";
import { collectParams, type Io } from "./io";
import { ProgressReporter, resultLine } from "./progress";
import { signalExitCode, trapSignals } from "./signals";
import type { SweepArgs } from "./sweep-args";

async function specOf(args: SweepArgs): Promise<SweepSpec | undefined> {
  if (args.notebook === undefined || (args.resume && args.axes.length === 0)) return undefined;
  return {
    notebook: args.notebook, axes: args.axes, fixed: await collectParams(args), seedParam: args.seedParam,
    ...(args.kernel === undefined ? {} : { kernel: args.kernel }),
    ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
    ...(args.cellTimeoutMs === undefined ? {} : { cellTimeoutMs: args.cellTimeoutMs }),
  };
}

function report(result: SweepResult, io: Io): void {
  for (const r of result.rows) {
    const head = `${r.status === "ok" ? "ok    " : "FAILED"} ${r.run}${r.cached ? " (cached)" : ""} ${r.seconds.toFixed(1)} s${r.slurm === undefined ? "" : ` [${r.slurm.jobId} ${r.slurm.state}]`}`;
    io.stderr.write(r.error === undefined ? `${head}\n` : `${head}\n  ${r.error.replace(/\n/g, "\n  ")}\n`);
  }
  const failed = result.rows.filter((r) => r.status !== "ok").length;
  io.stderr.write(`${result.rows.length - failed}/${result.rows.length} run(s) ok; sweep.json and aggregate.json written\n`);
}

async function writeHtml(out: string, result: SweepResult, io: Io): Promise<boolean> {
  try {
    // required lazily, like `run --html`: markdown/KaTeX/highlight.js load only when asked for
    const { writeSweepReport } = require("../sweep/html") as typeof import("../sweep/html");
    await writeSweepReport(out, result);
    io.stderr.write(`report: ${join(out, "index.html")}\n`);
    return true;
  } catch (e) {
    io.stderr.write(`error: sweep report in ${out}: ${(e as Error).message}\n`);
    return false;
  }
}

export async function sweepCommand(args: SweepArgs, io: Io): Promise<number> {
  const ctrl = new AbortController();
  const signals = trapSignals(ctrl);
  const reporter = new ProgressReporter(io.stderr);
  try {
    const result = await runSweep({
      spec: await specOf(args), out: args.out, engine: args.engine, sbatchArgs: args.sbatchArgs,
      jobs: args.jobs ?? (args.engine === "local" ? availableParallelism() : undefined),
      resume: args.resume, force: args.force, yes: args.yes, signal: ctrl.signal, onProgress: reporter.onProgress,
      log: (line) => io.stderr.write(`${line}\n`),
    });
    reporter.close();
    report(result, io);
    const htmlOk = args.html ? await writeHtml(args.out, result, io) : true;
    const sig = signals.received();
    if (sig !== undefined) return signalExitCode(sig);
    return htmlOk && result.rows.every((r) => r.status === "ok") ? 0 : 1;
  } catch (e) {
    if (e instanceof ManifestError || e instanceof SlurmMissingError || isBadInput(e)) {
      io.stderr.write(`error: ${e.message}\nnothing was executed.\n`);
      return 2;
    }
    throw e;
  } finally {
    reporter.close();
    signals.release();
  }
}

/** One array task: run `index` of the manifest; scancel's SIGTERM stops the kernel, the partial copy is written. */
export async function sweepTaskCommand(manifest: string, index: number, io: Io): Promise<number> {
  const ctrl = new AbortController();
  const signals = trapSignals(ctrl);
  try {
    const m = await readManifest(manifest);
    const r = await executeRun(m, index, { engine: "slurm", signal: ctrl.signal });
    io.stderr.write(`${resultLine(r)}\n`);
    const sig = signals.received();
    if (sig !== undefined) return signalExitCode(sig);
    return r.status === "ok" ? 0 : 1;
  } finally {
    signals.release();
  }
}
