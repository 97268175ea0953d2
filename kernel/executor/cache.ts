// Run caching: an executed notebook records, in metadata.mfg_lab, the key of what produced it
// (cell sources, parameters, package-lock hash, backend, kernel, and the solver's sources in src/)
// with its status and metrics. A later run with the same key and an output that completed is not
// executed again. Failed runs never hit.
import { createHash } from "node:crypto";
import { existsSync, promises as fs, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { INJECTED_TAG } from "../params";
import { cellTags, Notebook, sourceText } from "../nbformat/types";
import type { Metrics } from "./metrics";
import type { Prepared } from "./prepare";

export const CACHE_FORMAT = 1;

/** What, besides the notebook and its parameters, decides a run's numbers. */
export interface CacheContext {
  /** sha256 of the project's package-lock.json ("none" without one) */
  readonly lockHash: string;
  /** the tfjs backend the notebook will ask for */
  readonly backend: string;
  /** sha256 over the solver's sources (src/): notebooks import it, so an edit there must re-run them */
  readonly sourceHash: string;
}

/** The record written into an executed notebook's metadata.mfg_lab. */
export interface RunRecord {
  readonly format: number;
  readonly cache_key: string;
  readonly status: "ok" | "failed";
  readonly seconds: number;
  readonly metrics: Metrics;
  readonly engine?: string;
  readonly error?: string;
}

const ROOT = join(__dirname, "..", "..");
let lockHash: string | undefined;
let sourceHash: string | undefined;

/** Every file under `dir`, relative paths in sorted order (hashing must not depend on readdir order). */
function filesUnder(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : e.isFile() ? [`${prefix}${e.name}`] : []));
}

function projectSourceHash(): string {
  if (sourceHash === undefined) {
    const h = createHash("sha256");
    for (const f of filesUnder(join(ROOT, "src"))) h.update(`${f}\0`).update(readFileSync(join(ROOT, "src", f))).update("\0");
    sourceHash = h.digest("hex");
  }
  return sourceHash;
}

function projectLockHash(): string {
  const lock = join(ROOT, "package-lock.json");
  lockHash ??= existsSync(lock) ? createHash("sha256").update(readFileSync(lock)).digest("hex") : "none";
  return lockHash;
}

/**
 * The backend src/backend.ts `requestedBackend` will choose (kernel/ does not import the solver:
 * loading tfjs here would cost seconds); an unknown name makes the notebook fail, never hit.
 */
export function cacheContext(env: NodeJS.ProcessEnv = process.env): CacheContext {
  return { lockHash: projectLockHash(), backend: (env.LAB_BACKEND ?? "wasm").trim().toLowerCase(), sourceHash: projectSourceHash() };
}

const sortedParams = (params: Readonly<Record<string, unknown>>): [string, unknown][] =>
  Object.keys(params).sort().map((k) => [k, params[k]]);

/** What a key is made of: a Prepared, or the input notebook with the run's params (sweeps). */
export type KeySource = Pick<Prepared, "nb" | "params"> & { readonly kernel: { readonly name: string } };

/** The input's cell types and sources (an injected cell from an earlier run left out), params, context. */
export function cacheKey(prep: KeySource, ctx: CacheContext): string {
  const cells = prep.nb.cells.filter((c) => !cellTags(c).includes(INJECTED_TAG)).map((c) => [c.cell_type, sourceText(c.source)]);
  const what = { format: CACHE_FORMAT, cells, params: sortedParams(prep.params), kernel: prep.kernel.name, ...ctx };
  return createHash("sha256").update(JSON.stringify(what)).digest("hex");
}

export function runRecordOf(nb: Notebook): RunRecord | undefined {
  const r = nb.metadata["mfg_lab"] as Partial<RunRecord> | undefined;
  if (typeof r !== "object" || r === null || typeof r.cache_key !== "string" || (r.status !== "ok" && r.status !== "failed")) return undefined;
  return r as RunRecord;
}

/** The run record of the executed copy at `executedPath`; undefined when absent or unreadable. */
export async function readRunRecord(executedPath: string): Promise<(RunRecord & { readonly completed: boolean }) | undefined> {
  let nb: Notebook;
  try {
    nb = JSON.parse(await fs.readFile(executedPath, "utf8")) as Notebook;
  } catch {
    return undefined; // absent, or half-written by a killed run
  }
  const record = typeof nb.metadata === "object" && nb.metadata !== null ? runRecordOf(nb) : undefined;
  const papermill = nb.metadata["papermill"] as { status?: unknown } | undefined;
  return record === undefined ? undefined : { ...record, completed: papermill?.status === "completed" };
}

/** The record of a completed run at `executedPath` made with `key`, else undefined (run it). */
export async function readCachedRun(executedPath: string, key: string): Promise<RunRecord | undefined> {
  const r = await readRunRecord(executedPath);
  return r !== undefined && r.cache_key === key && r.status === "ok" && r.completed ? r : undefined;
}
