import { availableParallelism } from "node:os";

/**
 * The environment for kernels of notebooks that run `concurrent` at a time on this machine: each gets
 * LAB_THREADS = ⌊cores / concurrent⌋ (at least 1), so runs × threads does not exceed the cores (see
 * src/parallel's labThreads). A LAB_THREADS the user set is kept as it is (nothing is added).
 */
export function kernelThreadsEnv(concurrent: number, env: NodeJS.ProcessEnv = process.env, cores: number = availableParallelism()): Record<string, string> {
  if (env.LAB_THREADS !== undefined && env.LAB_THREADS.trim() !== "") return {};
  return { LAB_THREADS: String(Math.max(1, Math.floor(cores / Math.max(1, concurrent)))) };
}
