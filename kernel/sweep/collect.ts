// After the engine: one sweep.json row per run, from the run record each executed copy carries
// (kernel/executor cache.ts) and, for Slurm, the task's final state.
import { promises as fs } from "node:fs";
import { join } from "node:path";
import { readRunRecord, RunRecord } from "../executor";
import { writeFileAtomic } from "../nbformat";
import { Aggregate, SweepRow } from "./aggregate";
import type { Engine } from "./types";
import type { Manifest, ManifestRun } from "./manifest";
import { executedPathOf } from "./plan";
import type { SlurmTask } from "./slurm";

export interface Outcome {
  /** the record of a cache hit found before running (not executed now) */
  readonly cached?: RunRecord;
  readonly slurm?: SlurmTask;
}

/** The last lines of a Slurm task's log, for a task that left no executed copy. */
async function logTail(dir: string, task: SlurmTask | undefined): Promise<string> {
  if (task === undefined) return "";
  try {
    const text = await fs.readFile(join(dir, "slurm", `${task.jobId}.log`), "utf8");
    const tail = text.trim().split("\n").slice(-5).join("\n");
    return tail === "" ? "" : `\nlast lines of ${join(dir, "slurm", `${task.jobId}.log`)}:\n${tail}`;
  } catch {
    return "";
  }
}

function failureText(record: RunRecord | undefined, task: SlurmTask | undefined): string {
  const state = task === undefined || task.state === "COMPLETED" ? "" : `Slurm task ${task.jobId} ended ${task.state}`;
  const error = record?.error ?? (record === undefined ? "no executed notebook with this run's cache key was written" : "");
  return [state, error].filter((s) => s !== "").join(": ");
}

type Fields = Pick<SweepRow, "status" | "seconds" | "metrics" | "engine" | "cached"> & Partial<Pick<SweepRow, "error" | "slurm">>;

/** The issue's field order: run, params, status, seconds, metrics, executedPath, engine, cached. */
function row(m: Manifest, out: string, run: ManifestRun, f: Fields): SweepRow {
  const { status, seconds, metrics, engine, cached, ...rest } = f;
  return { run: run.run, params: run.params, status, seconds, metrics, executedPath: executedPathOf(out, m.spec.notebook, run.run), engine, cached, ...rest };
}

async function rowOf(dir: string, out: string, m: Manifest, run: ManifestRun, engine: Engine, o: Outcome): Promise<SweepRow> {
  if (o.cached !== undefined) {
    const r = o.cached;
    return row(m, out, run, { status: "ok", seconds: r.seconds, metrics: r.metrics, engine: (r.engine as Engine | undefined) ?? engine, cached: true });
  }
  const found = await readRunRecord(run.executedPath);
  // a record with another key is an older run's (the notebook or the parameters changed since)
  const record = found?.cache_key === run.cacheKey ? found : undefined;
  const task = o.slurm;
  const ok = record?.status === "ok" && record.completed && (task === undefined || task.state === "COMPLETED");
  const slurm = task === undefined ? {} : { slurm: { jobId: task.jobId, state: task.state } };
  if (ok) return row(m, out, run, { status: "ok", seconds: record.seconds, metrics: record.metrics, engine, cached: false, ...slurm });
  const error = failureText(record, task) + (record === undefined ? await logTail(dir, task) : "");
  return row(m, out, run, { status: "failed", seconds: record?.seconds ?? 0, metrics: record?.metrics ?? {}, engine, cached: false, error, ...slurm });
}

export async function collectRows(dir: string, out: string, m: Manifest, engine: Engine, outcomes: ReadonlyMap<number, Outcome>): Promise<SweepRow[]> {
  return Promise.all(m.runs.map((run) => rowOf(dir, out, m, run, engine, outcomes.get(run.index) ?? {})));
}

export async function writeResults(dir: string, rows: readonly SweepRow[], agg: Aggregate): Promise<void> {
  await writeFileAtomic(join(dir, "sweep.json"), JSON.stringify(rows, null, 2) + "\n");
  await writeFileAtomic(join(dir, "aggregate.json"), JSON.stringify(agg, null, 2) + "\n");
}
