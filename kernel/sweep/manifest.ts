// DIR/manifest.json: every run of a sweep by index, written before anything executes. A Slurm
// array task finds its run here from $SLURM_ARRAY_TASK_ID; `--resume` reads the sweep back from it.
import { promises as fs } from "node:fs";
import { join } from "node:path";
import type { Json } from "../nbformat/types";
import { writeFileAtomic } from "../nbformat";
import type { GridAxis } from "./grid";

export const MANIFEST_FORMAT = 1;

/** What defines a sweep: the same spec gives the same runs, ids and paths. */
export interface SweepSpec {
  /** the input notebook, absolute */
  readonly notebook: string;
  readonly axes: readonly GridAxis[];
  /** the -f / -p parameters, the same for every run */
  readonly fixed: Readonly<Record<string, Json>>;
  /** the grid axis that repeats a configuration (left out of the groups) */
  readonly seedParam: string;
  readonly kernel?: string;
  readonly timeoutMs?: number;
  readonly cellTimeoutMs?: number;
}

export interface ManifestRun {
  readonly index: number;
  readonly run: string;
  /** fixed parameters and this run's grid point: what the notebook gets */
  readonly params: Readonly<Record<string, Json>>;
  /** the executed copy, absolute (tasks may start in another directory) */
  readonly executedPath: string;
  readonly cacheKey: string;
}

export interface Manifest {
  readonly format: number;
  readonly spec: SweepSpec;
  readonly runs: readonly ManifestRun[];
}

export const manifestPath = (dir: string): string => join(dir, "manifest.json");

export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  await writeFileAtomic(manifestPath(dir), JSON.stringify(m, null, 1) + "\n");
}

export class ManifestError extends Error {
  override readonly name = "ManifestError";
}

export async function readManifest(file: string): Promise<Manifest> {
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(await fs.readFile(file, "utf8")) as Partial<Manifest>;
  } catch (e) {
    throw new ManifestError(`${file}: cannot read the sweep manifest: ${(e as Error).message}`);
  }
  if (m.format !== MANIFEST_FORMAT || typeof m.spec !== "object" || !Array.isArray(m.runs)) {
    throw new ManifestError(`${file}: not a sweep manifest of format ${MANIFEST_FORMAT}`);
  }
  return m as Manifest;
}

/** Same notebook, grid and fixed parameters (JSON-equal, order included). */
export function sameSpec(a: SweepSpec, b: SweepSpec): boolean {
  const key = (s: SweepSpec): string => JSON.stringify([s.notebook, s.axes, Object.entries(s.fixed).sort(), s.seedParam]);
  return key(a) === key(b);
}
