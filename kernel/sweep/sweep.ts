// `mfg-lab sweep`: plan (all checks, nothing written), find cache hits, write the manifest, run the
// rest on the chosen engine, then sweep.json, aggregate.json and (--html) index.html in DIR.
import { existsSync, promises as fs } from "node:fs";
import { resolve } from "node:path";
import { ProgressEvent, readCachedRun } from "../executor";
import { aggregate, Aggregate, SweepRow } from "./aggregate";
import { collectRows, Outcome, writeResults } from "./collect";
import { runLocal } from "./execute";
import type { Engine } from "./types";
import { Manifest, ManifestError, manifestPath, readManifest, sameSpec, SweepSpec, writeManifest } from "./manifest";
import { planSweep } from "./plan";
import { checkSlurmClients, submitArray, waitForArray } from "./slurm";

export interface SweepOptions {
  /** undefined with --resume: the sweep recorded in DIR/manifest.json */
  readonly spec: SweepSpec | undefined;
  readonly out: string;
  readonly engine: Engine;
  /** local: runs at a time; slurm: the array's %throttle (undefined: none) */
  readonly jobs: number | undefined;
  readonly sbatchArgs: readonly string[];
  readonly resume: boolean;
  readonly force: boolean;
  readonly yes: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (e: ProgressEvent) => void;
  readonly log: (line: string) => void;
  readonly pollMs?: number;
}

export interface SweepResult {
  readonly manifest: Manifest;
  readonly rows: readonly SweepRow[];
  readonly aggregate: Aggregate;
}

async function specOf(opts: SweepOptions, dir: string): Promise<SweepSpec> {
  if (!opts.resume) {
    if (opts.spec === undefined) throw new ManifestError("a notebook and at least one --grid are needed (or --resume with --out DIR of an earlier sweep)");
    return opts.spec;
  }
  if (!existsSync(manifestPath(dir))) throw new ManifestError(`--resume: ${manifestPath(dir)} does not exist (no sweep was started in ${opts.out})`);
  const recorded = (await readManifest(manifestPath(dir))).spec;
  if (opts.spec !== undefined && !sameSpec(opts.spec, recorded)) {
    const grid = recorded.axes.map((a) => `${a.name}=${a.values.map((v) => JSON.stringify(v)).join(",")}`).join(" ");
    throw new ManifestError(`--resume: ${opts.out} holds a sweep of ${recorded.notebook} with grid ${grid} and fixed ${JSON.stringify(recorded.fixed)}; give the same, or only --resume --out ${opts.out}`);
  }
  return recorded;
}

/** Cache hits (unless --force); the runs to execute get their stale executed copies removed. */
async function findCached(m: Manifest, force: boolean): Promise<{ outcomes: Map<number, Outcome>; toRun: number[] }> {
  const outcomes = new Map<number, Outcome>();
  const toRun: number[] = [];
  for (const run of m.runs) {
    const hit = force ? undefined : await readCachedRun(run.executedPath, run.cacheKey);
    if (hit !== undefined) outcomes.set(run.index, { cached: hit });
    else toRun.push(run.index);
  }
  // a failed or outdated copy must not pass for this run's result if its task never starts
  await Promise.all(toRun.map((i) => fs.rm(m.runs[i]?.executedPath as string, { force: true })));
  return { outcomes, toRun };
}

async function runSlurm(m: Manifest, dir: string, toRun: readonly number[], outcomes: Map<number, Outcome>, opts: SweepOptions): Promise<void> {
  const slurm = { dir, jobs: opts.jobs, sbatchArgs: opts.sbatchArgs, onStatus: opts.log, ...(opts.signal === undefined ? {} : { signal: opts.signal }), ...(opts.pollMs === undefined ? {} : { pollMs: opts.pollMs }) };
  const jobId = await submitArray(toRun, slurm);
  opts.log(`submitted slurm job array ${jobId} (${toRun.length} task(s), logs in ${dir}/slurm/)`);
  const states = await waitForArray(jobId, toRun, slurm);
  for (const [i, task] of states) outcomes.set(i, { slurm: task });
  const counts = new Map<string, number>();
  for (const t of states.values()) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  opts.log(`slurm job ${jobId} final states: ${[...counts].map(([s, n]) => `${n} ${s}`).join(", ")}`);
  for (const [i, t] of states) if (t.state !== "COMPLETED") opts.log(`  ${m.runs[i]?.run}: task ${t.jobId} ${t.state}`);
}

export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const dir = resolve(opts.out);
  const spec = await specOf(opts, dir);
  if (opts.engine === "slurm") checkSlurmClients();
  const manifest = await planSweep(spec, dir, { yes: opts.yes });
  const { outcomes, toRun } = await findCached(manifest, opts.force);
  opts.log(`sweep of ${spec.notebook}: ${manifest.runs.length} run(s), ${manifest.runs.length - toRun.length} cached, ${toRun.length} to run on ${opts.engine}`);
  await writeManifest(dir, manifest);
  if (toRun.length > 0 && opts.engine === "local") {
    await runLocal(manifest, toRun, opts.jobs ?? 1, { ...(opts.signal === undefined ? {} : { signal: opts.signal }), ...(opts.onProgress === undefined ? {} : { onProgress: opts.onProgress }) });
  } else if (toRun.length > 0) {
    await runSlurm(manifest, dir, toRun, outcomes, opts);
  }
  const rows = await collectRows(dir, opts.out, manifest, opts.engine, outcomes);
  const agg = aggregate(spec.notebook, rows, spec.axes.map((a) => a.name), spec.seedParam);
  await writeResults(dir, rows, agg);
  return { manifest, rows, aggregate: agg };
}
