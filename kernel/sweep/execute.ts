// One run of a sweep through the executor, in this process: what the local engine does for each run
// and what each Slurm array task does (`mfg-lab sweep-task <manifest> <index>`).
import { cacheContext, cacheKey, executePrepared, kernelThreadsEnv, prepareNotebook, ProgressEvent, RunResult } from "../executor";
import type { Manifest, ManifestRun } from "./manifest";
import type { Engine } from "./types";

export interface ExecuteRunOptions {
  readonly engine: Engine;
  readonly signal?: AbortSignal;
  readonly onProgress?: (e: ProgressEvent) => void;
  readonly kernelEnv?: Record<string, string>;
}

/** Progress events name the run (all runs share one input notebook). */
function relabel(e: ProgressEvent, run: string): ProgressEvent {
  return e.type === "done" ? { ...e, notebook: run, result: { ...e.result, notebook: run } } : { ...e, notebook: run };
}

export function runAt(m: Manifest, index: number): ManifestRun {
  const run = m.runs[index];
  if (run === undefined || run.index !== index) throw new Error(`the sweep manifest has no run with index ${index} (it has 0..${m.runs.length - 1})`);
  return run;
}

/** Executes run `index`, writing its executed copy with the run record (cache key, status, metrics). */
export async function executeRun(m: Manifest, index: number, opts: ExecuteRunOptions): Promise<RunResult> {
  const run = runAt(m, index);
  const { spec } = m;
  const prep = await prepareNotebook({ input: spec.notebook, params: run.params, ...(spec.kernel === undefined ? {} : { kernel: spec.kernel }) });
  const onProgress = opts.onProgress;
  return executePrepared(prep, {
    input: spec.notebook, output: run.executedPath, engine: opts.engine,
    // the key of what really ran: it differs from the manifest's only if the notebook changed since
    cacheKey: cacheKey(prep, cacheContext()),
    ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
    ...(spec.cellTimeoutMs === undefined ? {} : { cellTimeoutMs: spec.cellTimeoutMs }),
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...(opts.kernelEnv === undefined ? {} : { kernelEnv: opts.kernelEnv }),
    ...(onProgress === undefined ? {} : { onProgress: (e: ProgressEvent) => onProgress(relabel(e, run.run)) }),
  });
}

/** The local engine: `jobs` runs at a time in this process, each with its own kernel and its share of the cores (kernelThreadsEnv). */
export async function runLocal(m: Manifest, indices: readonly number[], jobs: number, opts: Omit<ExecuteRunOptions, "engine">): Promise<void> {
  let next = 0;
  const kernelEnv = kernelThreadsEnv(Math.min(jobs, indices.length));
  const worker = async (): Promise<void> => {
    for (let k = next++; k < indices.length; k = next++) {
      if (opts.signal?.aborted === true) return;
      await executeRun(m, indices[k] as number, { ...opts, engine: "local", kernelEnv });
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, indices.length) }, worker));
}
