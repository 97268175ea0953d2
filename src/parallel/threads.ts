import { availableParallelism } from "node:os";
import { positiveInt } from "../config";

/**
 * How many threads the lab may use: env LAB_THREADS (a positive integer), else a Slurm task's
 * SLURM_CPUS_PER_TASK, else the number of cores. `mfg-lab run`/`sweep` set LAB_THREADS for kernels
 * of notebooks that run several at once (⌊cores / jobs⌋ each), unless the user set it.
 */
export function labThreads(env: NodeJS.ProcessEnv = process.env): number {
  for (const name of ["LAB_THREADS", "SLURM_CPUS_PER_TASK"] as const) {
    const raw = env[name];
    if (raw !== undefined && raw.trim() !== "") return positiveInt(name, "the environment variable", Number(raw.trim()));
  }
  return availableParallelism();
}
