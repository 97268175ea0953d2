import { availableParallelism } from "node:os";
import { positiveInt } from "../config";

/**
 * How many threads the lab may use: env LAB_THREADS (a positive integer), else the number of cores.
 * A sweep that runs several notebooks at once sets it (or a notebook's own `threads` parameter) so
 * that runs × threads does not exceed the cores.
 */
export function labThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LAB_THREADS;
  if (raw === undefined || raw.trim() === "") return availableParallelism();
  return positiveInt("LAB_THREADS", "the environment variable", Number(raw.trim()));
}
