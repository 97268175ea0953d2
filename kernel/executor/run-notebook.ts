// Runs one notebook: kernel up, code cells in order, outputs rebuilt, executed copy ALWAYS written
// (atomically, with everything up to a failure and the error), kernel ALWAYS shut down.
import { dirname, resolve } from "node:path";
import { DisplayRegistry, CellOutputs } from "../nbformat/outputs";
import { CodeCell, ErrorOutput, cellTags, sourceText } from "../nbformat/types";
import { writeNotebookAtomic } from "../nbformat/write";
import { ExecuteTimeoutError, KernelDiedError, KernelStartError } from "../protocol/errors";
import { KernelClient } from "../protocol/client";
import type { ExecuteReplyContent } from "../protocol/messages";
import { sleep } from "../protocol/timer";
import { CellFailure, errorFromReply, errorOutput, formatFailure, headOf } from "./failures";
import { markCell, markNotebook } from "./metadata";
import { CACHE_FORMAT, RunRecord } from "./cache";
import { Metrics, metricsOf } from "./metrics";
import { Prepared, prepareNotebook, PrepareOptions } from "./prepare";

export type ProgressEvent =
  | { readonly type: "start"; readonly notebook: string; readonly cells: number }
  | { readonly type: "cell"; readonly notebook: string; readonly cell: number; readonly cells: number; readonly elapsedMs: number }
  | { readonly type: "done"; readonly notebook: string; readonly result: RunResult };

export interface RunOptions extends PrepareOptions {
  /** Where the executed copy goes (the input path itself for --inplace). */
  readonly output: string;
  readonly cellTimeoutMs?: number;
  readonly timeoutMs?: number;
  readonly startupTimeoutMs?: number;
  readonly interruptGraceMs?: number;
  readonly iopubTimeoutMs?: number;
  /** Save the executed copy between cells at most this often (default 10 s); the final write always happens. */
  readonly autosaveMs?: number;
  /** Aborting kills the kernel at once (the CLI's SIGINT/SIGTERM handler). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (e: ProgressEvent) => void;
  /** A running kernel to reuse (tests): it is neither started nor shut down here. */
  readonly client?: KernelClient;
  /** Recorded with status and metrics in the executed copy's metadata.mfg_lab (see cache.ts). */
  readonly cacheKey?: string;
  /** Who ran it ("local", "slurm"), recorded next to the cache key. */
  readonly engine?: string;
  /** Added to the kernel's environment (e.g. kernelThreadsEnv's LAB_THREADS when several notebooks run at once). */
  readonly kernelEnv?: Record<string, string>;
}

export interface RunResult {
  readonly notebook: string;
  readonly executedPath: string;
  readonly status: "ok" | "failed";
  readonly seconds: number;
  readonly metrics: Metrics;
  readonly failure?: CellFailure;
  /** A readable one-paragraph account of the failure (notebook, cell, code, ename: evalue). */
  readonly message?: string;
}

/** Stock tslab answers "abort" to requests that arrive within 200 ms after an error. */
const ABORT_WINDOW_MS = 1000;
const ABORT_RETRY_DELAY_MS = 250;
/** Long runs are also saved between cells, so even a SIGKILLed executor leaves the work done so far. */
const AUTOSAVE_EVERY_MS = 10_000;

class NotebookRun {
  private readonly displays = new DisplayRegistry();
  private metrics: Metrics = {};
  private failure: CellFailure | undefined;
  private lastErrorAt = -Infinity;
  private client: KernelClient | undefined;
  private lastSave = Date.now();
  private readonly started = Date.now();
  /** The notebook timeout counts from the first cell: kernel startup has its own timeout. */
  private cellsStarted = Date.now();

  constructor(private readonly prep: Prepared, private readonly opts: RunOptions) {}

  async run(): Promise<RunResult> {
    const start = new Date();
    const abort = (): void => this.client?.kill();
    this.opts.signal?.addEventListener("abort", abort);
    const cells = this.prep.nb.cells.filter((c) => c.cell_type === "code").length;
    this.opts.onProgress?.({ type: "start", notebook: this.prep.input, cells });
    try {
      this.client = this.opts.client ?? (await KernelClient.start(this.prep.kernel.spec, {
        cwd: dirnameOf(this.prep.input),
        kernelName: this.prep.kernel.name,
        ...(this.opts.kernelEnv === undefined ? {} : { env: this.opts.kernelEnv }),
        ...(this.opts.startupTimeoutMs === undefined ? {} : { startupTimeoutMs: this.opts.startupTimeoutMs }),
      }));
      this.cellsStarted = Date.now();
      await this.runCells(this.client);
    } catch (e) {
      this.failure ??= this.failureOf(-1, undefined, "", this.errorFor(e));
    } finally {
      this.opts.signal?.removeEventListener("abort", abort);
      if (this.opts.client === undefined) await this.client?.shutdown();
    }
    return this.finish(start);
  }

  private async finish(start: Date): Promise<RunResult> {
    const status = this.failure === undefined ? "ok" : "failed";
    markNotebook(this.prep.nb, {
      input: this.prep.input, output: this.opts.output, parameters: this.prep.params,
      start, end: new Date(), status: status === "ok" ? "completed" : "failed", kernel: this.prep.kernel.name,
    });
    const base = { notebook: this.prep.input, executedPath: this.opts.output, status, seconds: (Date.now() - this.started) / 1000, metrics: this.metrics } as const;
    const result = this.failure === undefined ? base : { ...base, failure: this.failure, message: formatFailure(this.failure) };
    if (this.opts.cacheKey !== undefined) this.prep.nb.metadata["mfg_lab"] = recordOf(result, this.opts.cacheKey, this.opts.engine);
    await writeNotebookAtomic(this.opts.output, this.prep.nb);
    return result;
  }

  private async runCells(client: KernelClient): Promise<void> {
    const code = this.prep.nb.cells.map((cell, index) => ({ cell, index })).filter((c): c is { cell: CodeCell; index: number } => c.cell.cell_type === "code");
    for (const [k, { cell, index }] of code.entries()) {
      if (this.failure !== undefined) return;
      this.opts.onProgress?.({ type: "cell", notebook: this.prep.input, cell: k + 1, cells: code.length, elapsedMs: Date.now() - this.started });
      if (cellTags(cell).includes("skip-execution")) { markCell(cell, "skipped"); continue; }
      if (sourceText(cell.source).trim() === "") { markCell(cell, "completed"); continue; }
      if (this.opts.signal?.aborted === true) {
        this.failure = this.failureOf(index, cell, "", errorOutput("ExecutorInterrupted", "the executor was stopped by a signal"));
        return;
      }
      await this.runCell(client, cell, index);
      if (Date.now() - this.lastSave >= (this.opts.autosaveMs ?? AUTOSAVE_EVERY_MS)) {
        await writeNotebookAtomic(this.opts.output, this.prep.nb);
        this.lastSave = Date.now();
      }
    }
  }

  private async runCell(client: KernelClient, cell: CodeCell, index: number): Promise<void> {
    const outs = new CellOutputs(this.displays);
    cell.outputs = outs.outputs; // live: a kill mid-cell still leaves the outputs seen so far
    const start = new Date();
    markCell(cell, "running", { start, end: start });
    let error: ErrorOutput | undefined;
    try {
      const reply = await this.execute(client, sourceText(cell.source), outs);
      cell.execution_count = outs.executionCount ?? reply.execution_count ?? null;
      if (outs.sawError) error = outs.outputs.filter((o): o is ErrorOutput => o.output_type === "error").pop();
      else if (reply.status !== "ok") outs.push((error = errorFromReply(reply, outs.stderr())));
    } catch (e) {
      outs.push((error = this.errorFor(e)));
    }
    const allowed = error !== undefined && cellTags(cell).includes("raises-exception") && client.isAlive;
    markCell(cell, error === undefined || allowed ? "completed" : "failed", { start, end: new Date() }, error !== undefined);
    if (error !== undefined) this.lastErrorAt = Date.now();
    if (error !== undefined && !allowed) this.failure = this.failureOf(index, cell, sourceText(cell.source), error);
  }

  private async execute(client: KernelClient, code: string, outs: CellOutputs): Promise<ExecuteReplyContent> {
    const timeoutMs = this.cellTimeout();
    const run = (): Promise<ExecuteReplyContent> => client.execute(code, {
      onIopub: (m) => { outs.handle(m); this.metrics = metricsOf(m) ?? this.metrics; },
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(this.opts.interruptGraceMs === undefined ? {} : { interruptGraceMs: this.opts.interruptGraceMs }),
      ...(this.opts.iopubTimeoutMs === undefined ? {} : { iopubTimeoutMs: this.opts.iopubTimeoutMs }),
    });
    const reply = await run();
    if (reply.status !== "abort" || Date.now() - this.lastErrorAt > ABORT_WINDOW_MS) return reply;
    await sleep(ABORT_RETRY_DELAY_MS); // aborted only because an allowed error just happened: once more
    return run();
  }

  /** The tighter of the cell timeout and what is left of the notebook timeout. */
  private cellTimeout(): number | undefined {
    const left = this.opts.timeoutMs === undefined ? undefined : this.opts.timeoutMs - (Date.now() - this.cellsStarted);
    const cell = this.opts.cellTimeoutMs;
    if (left === undefined) return cell;
    return Math.max(1, cell === undefined ? left : Math.min(cell, left));
  }

  private errorFor(e: unknown): ErrorOutput {
    if (this.opts.signal?.aborted === true) return errorOutput("ExecutorInterrupted", "the executor was stopped by a signal; the kernel was killed");
    if (e instanceof ExecuteTimeoutError) {
      const notebookBound = this.opts.timeoutMs !== undefined && Date.now() - this.cellsStarted >= this.opts.timeoutMs;
      const what = notebookBound ? `notebook timeout (${this.opts.timeoutMs} ms)` : `cell timeout (${e.timeoutMs} ms)`;
      return errorOutput(notebookBound ? "NotebookTimeoutError" : "CellTimeoutError", `${what} exceeded: ${e.message}`);
    }
    if (e instanceof KernelDiedError) {
      const tail = e.outputTail.trim().split("\n").slice(-5).join("\n");
      return errorOutput("DeadKernelError", tail === "" ? e.message : `${e.message}; last kernel output:\n${tail}`);
    }
    if (e instanceof KernelStartError) return errorOutput("KernelStartError", e.message);
    const err = e instanceof Error ? e : new Error(String(e));
    return errorOutput(err.name, err.message);
  }

  private failureOf(index: number, cell: CodeCell | undefined, source: string, err: ErrorOutput): CellFailure {
    return { notebook: this.prep.input, cellIndex: index, cellId: cell?.id, firstLines: headOf(source), ename: err.ename, evalue: err.evalue };
  }
}

function recordOf(r: RunResult, cacheKey: string, engine: string | undefined): RunRecord {
  const seconds = Math.round(r.seconds * 1000) / 1000;
  return {
    format: CACHE_FORMAT, cache_key: cacheKey, status: r.status, seconds, metrics: r.metrics,
    ...(engine === undefined ? {} : { engine }), ...(r.message === undefined ? {} : { error: r.message }),
  };
}

function dirnameOf(file: string): string {
  return dirname(resolve(file));
}

/** Validates (bad input throws, nothing written), then executes and writes `opts.output`. */
export async function runNotebook(opts: RunOptions): Promise<RunResult> {
  return executePrepared(await prepareNotebook(opts), opts);
}

/** Executes an already validated notebook (the CLI validates every input before running any). */
export async function executePrepared(prep: Prepared, opts: RunOptions): Promise<RunResult> {
  const result = await new NotebookRun(prep, opts).run();
  opts.onProgress?.({ type: "done", notebook: opts.input, result });
  return result;
}
