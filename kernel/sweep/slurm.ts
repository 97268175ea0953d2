// The Slurm engine: ONE job array whose task i runs run i of DIR/manifest.json (a copy per
// submission in DIR/slurm/) through the executor (`node kernel/bin/mfg-lab.js sweep-task`), then
// polling squeue until every task has a final state.
// States come from squeue --states=all (slurmctld keeps finished jobs for MinJobAge, 300 s by
// default); a task that left the queue unseen is looked up with sacct (needs slurmdbd), else UNKNOWN.
import { execFile } from "node:child_process";
import { accessSync, constants, promises as fs } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { writeFileAtomic } from "../nbformat";
import { manifestPath } from "./manifest";

const run = promisify(execFile);

export class SlurmMissingError extends Error {
  override readonly name = "SlurmMissingError";
}

/** Final task states (squeue/sacct names). Anything else is still queued or running. */
export const FINAL_STATES = new Set(["COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "UNKNOWN"]);

export interface SlurmTask {
  /** `<array job id>_<task index>` */
  readonly jobId: string;
  readonly state: string;
}

export interface SlurmOptions {
  readonly dir: string;
  /** at most this many tasks at once (`%jobs`); undefined: as many as Slurm schedules */
  readonly jobs: number | undefined;
  /** extra sbatch options, e.g. ["--partition=short", "--time=00:30:00"] */
  readonly sbatchArgs: readonly string[];
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  /** progress lines ("slurm job 12: 2 RUNNING, 1 PENDING, 1 COMPLETED (31 s)") */
  readonly onStatus?: (line: string) => void;
}

const BIN = join(__dirname, "..", "bin", "mfg-lab.js");

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((d) => {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Before anything is written: the Slurm client commands the engine calls. */
export function checkSlurmClients(): void {
  const missing = ["sbatch", "squeue", "scancel"].filter((c) => !onPath(c));
  if (missing.length > 0) throw new SlurmMissingError(`--engine slurm needs the Slurm client commands; not on PATH: ${missing.join(", ")} (install Slurm's client tools, or use --engine local)`);
}

/** `sbatch --array` syntax for a set of indices: ranges where consecutive, e.g. `0-3,7,9-10`. */
export function arraySpec(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i] as number;
    let to = from;
    while (sorted[i + 1] === to + 1) to = sorted[++i] as number;
    parts.push(from === to ? `${from}` : `${from}-${to}`);
  }
  return parts.join(",");
}

/** Splits `--slurm-args` like a shell would (whitespace; '…' and "…" quote). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  const re = /(?:[^\s'"]+|'[^']*'|"(?:\\.|[^"\\])*")+/g;
  for (const m of text.matchAll(re)) {
    out.push(m[0].replace(/'([^']*)'|"((?:\\.|[^"\\])*)"/g, (_s, a: string | undefined, b: string | undefined) => a ?? (b ?? "").replace(/\\(.)/g, "$1")));
  }
  if (/['"]/.test(text.replace(re, ""))) throw new Error(`--slurm-args ${JSON.stringify(text)}: unbalanced quote`);
  return out;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The batch script; sbatch's command-line options (ours, then --slurm-args) override its #SBATCH lines. */
function batchScript(dir: string, manifest: string): string {
  return [
    "#!/bin/bash",
    "#SBATCH --job-name=mfg-lab-sweep",
    `#SBATCH --output=${join(dir, "slurm", "%A_%a.log")}`,
    "# one run of the sweep: the run whose index is this array task's",
    `exec ${quote(process.execPath)} ${quote(BIN)} sweep-task ${quote(manifest)} "$SLURM_ARRAY_TASK_ID"`,
    "",
  ].join("\n");
}

export async function submitArray(indices: readonly number[], opts: SlurmOptions): Promise<string> {
  // each submission reads its own copy of DIR/manifest.json: tasks still queued from an earlier
  // submission must not pick up a later sweep's runs if the grid changed in between
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const manifest = join(opts.dir, "slurm", `manifest.${stamp}.json`);
  const script = join(opts.dir, "slurm", `sweep.${stamp}.sbatch`);
  await writeFileAtomic(manifest, await fs.readFile(manifestPath(opts.dir), "utf8"));
  await writeFileAtomic(script, batchScript(opts.dir, manifest));
  const array = arraySpec(indices) + (opts.jobs === undefined ? "" : `%${opts.jobs}`);
  const { stdout } = await run("sbatch", ["--parsable", `--array=${array}`, ...opts.sbatchArgs, script]).catch((e: Error & { stderr?: string }) => {
    throw new Error(`sbatch failed: ${(e.stderr ?? e.message).trim()}`);
  });
  const id = stdout.trim().split(";")[0] ?? "";
  if (!/^\d+$/.test(id)) throw new Error(`sbatch answered ${JSON.stringify(stdout.trim())}, expected a job id`);
  return id;
}

/** `12_3|RUNNING` lines; the first word of the state (sacct says "CANCELLED by 0"). */
export function parseStates(text: string, jobId: string): Map<number, string> {
  const states = new Map<number, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*(\d+)_(\d+)\|(\S+)/.exec(line);
    if (m === null || m[1] !== jobId) continue;
    states.set(Number(m[2]), (m[3] as string).replace(/\+$/, ""));
  }
  return states;
}

async function squeueStates(jobId: string): Promise<Map<number, string>> {
  const { stdout } = await run("squeue", ["-h", "-r", "-j", jobId, "--states=all", "-o", "%i|%T"]);
  return parseStates(stdout, jobId);
}

async function sacctStates(jobId: string): Promise<Map<number, string>> {
  try {
    const { stdout } = await run("sacct", ["-n", "-P", "-X", "-j", jobId, "-o", "JobID,State"]);
    return parseStates(stdout, jobId);
  } catch {
    return new Map(); // no accounting storage (no slurmdbd): nothing to learn here
  }
}

function statusLine(jobId: string, indices: readonly number[], seen: ReadonlyMap<number, string>, since: number): string {
  const counts = new Map<string, number>();
  for (const i of indices) counts.set(seen.get(i) ?? "PENDING", (counts.get(seen.get(i) ?? "PENDING") ?? 0) + 1);
  const parts = [...counts.entries()].sort().map(([s, n]) => `${n} ${s}`);
  return `slurm job ${jobId}: ${parts.join(", ")} (${Math.round((Date.now() - since) / 1000)} s)`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until every task is final; on abort, cancels the array first. States by task index. */
export async function waitForArray(jobId: string, indices: readonly number[], opts: SlurmOptions): Promise<Map<number, SlurmTask>> {
  const seen = new Map<number, string>();
  const since = Date.now();
  let cancelled = false;
  let errors = 0;
  let quiet = 0; // polls in a row where squeue lists no task of ours as queued or running
  let last = "";
  for (;;) {
    if (opts.signal?.aborted === true && !cancelled) {
      cancelled = true;
      await run("scancel", [jobId]).catch(() => undefined);
    }
    try {
      const listed = await squeueStates(jobId);
      for (const [i, s] of listed) if (!FINAL_STATES.has(seen.get(i) ?? "")) seen.set(i, s);
      // tasks cancelled while pending vanish from squeue without a state: stop when none is listed active
      quiet = [...listed.values()].some((s) => !FINAL_STATES.has(s)) ? 0 : quiet + 1;
      errors = 0;
    } catch (e) {
      if (++errors >= 15) throw new Error(`squeue failed ${errors} times in a row: ${(e as Error).message}`);
    }
    const line = statusLine(jobId, indices, seen, since);
    if (line.replace(/\(\d+ s\)$/, "") !== last) opts.onStatus?.(line);
    last = line.replace(/\(\d+ s\)$/, "");
    if (indices.every((i) => FINAL_STATES.has(seen.get(i) ?? "")) || quiet >= 3) break;
    await sleep(opts.pollMs ?? 2000);
  }
  const late = indices.some((i) => !FINAL_STATES.has(seen.get(i) ?? "")) ? await sacctStates(jobId) : new Map<number, string>();
  return new Map(indices.map((i) => [i, { jobId: `${jobId}_${i}`, state: FINAL_STATES.has(seen.get(i) ?? "") ? (seen.get(i) as string) : (late.get(i) ?? "UNKNOWN") }]));
}
