/**
 * A job: an exported function of a module, called with one structured-clonable argument (and a
 * progress callback), returning (or resolving to) a structured-clonable result. It is named by
 * module path and export so that a worker thread can load it itself: functions do not cross threads.
 * A job must depend only on its argument (it seeds its own streams): then its result does not depend
 * on which thread ran it, or on how many threads there are.
 */
export interface JobRef {
  /** absolute path of the module (a .ts path is loaded through tsx in the worker) */
  readonly module: string;
  /** the exported function's name */
  readonly name: string;
}

/** the jobs of one module: jobsOf(__filename)("name") names its export "name" (a module's own file, so a worker loads it the same way) */
export const jobsOf = (module: string) => (name: string): JobRef => ({ module, name });

export type JobFn<A, R> = (arg: A, progress: (message: string) => void) => R | Promise<R>;

/** the message a worker receives, and the ones it sends back */
export interface JobRequest {
  readonly id: number;
  readonly module: string;
  readonly name: string;
  readonly arg: unknown;
}
export type JobReply =
  | { readonly id: number; readonly kind: "progress"; readonly message: string }
  | { readonly id: number; readonly kind: "done"; readonly result: unknown }
  | { readonly id: number; readonly kind: "failed"; readonly error: string };

/** loads the job's function, or says precisely why it cannot */
export function loadJob<A, R>(ref: JobRef): JobFn<A, R> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(ref.module) as Record<string, unknown>;
  const fn = mod[ref.name];
  if (typeof fn !== "function") throw new Error(`job ${ref.name}: ${ref.module} exports no function named "${ref.name}"`);
  return fn as JobFn<A, R>;
}
