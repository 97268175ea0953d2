import { extname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { positiveInt } from "../config";
import { type JobRef, type JobReply, type JobRequest, loadJob } from "./job";
import { labThreads } from "./threads";

interface Pending {
  readonly id: number;
  readonly ref: JobRef;
  readonly arg: unknown;
  readonly resolve: (r: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress: ((message: string) => void) | undefined;
}

/** each worker registers tsx (so .ts jobs load) and runs the job loop of ./job-worker */
function workerSource(): string {
  const worker = join(__dirname, `job-worker${extname(__filename)}`);
  return `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(worker)});`;
}

/**
 * Runs independent jobs (src/parallel/job) on up to `threads` worker threads, first come first served;
 * each promise resolves to its own job's result, so what a caller assembles does not depend on the
 * schedule. With one thread the jobs run in this thread, one after another, with no worker at all
 * (the reference path: a job's result is the same either way, which the tests check bit for bit).
 * Idle workers do not keep the process alive; `close()` ends them.
 */
export class JobPool {
  readonly threads: number;
  private readonly queue: Pending[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly all = new Set<Worker>();
  private nextId = 0;
  private closed = false;
  private inThread: Promise<unknown> = Promise.resolve();

  constructor(threads: number = labThreads()) {
    this.threads = positiveInt("JobPool", "threads", threads);
  }

  run<A, R>(ref: JobRef, arg: A, onProgress?: (message: string) => void): Promise<R> {
    if (this.closed) return Promise.reject(new Error(`JobPool: closed; cannot run ${ref.name}`));
    if (this.threads === 1) {
      const id = this.nextId++;
      const next = this.inThread.then(() => loadJob<A, R>(ref)(arg, onProgress ?? (() => undefined))).catch((e: unknown) => {
        throw new Error(`${ref.name} (job ${id}) failed in this thread: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
      this.inThread = next.catch(() => undefined);
      return next;
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, ref, arg, resolve: resolve as (r: unknown) => void, reject, onProgress });
      this.dispatch();
    });
  }

  /** one job per argument, results in the arguments' order; onDone after each job ends */
  map<A, R>(ref: JobRef, args: readonly A[], onDone?: (done: number, total: number) => void): Promise<R[]> {
    let done = 0;
    return Promise.all(args.map((a) => this.run<A, R>(ref, a).then((r) => {
      onDone?.(++done, args.length);
      return r;
    })));
  }

  /** ends every worker; jobs still queued or running are rejected */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error(`JobPool: closed before ${p.ref.name} (job ${p.id}) ran`));
    const workers = [...this.all];
    this.all.clear();
    for (const [, p] of this.busy) p.reject(new Error(`JobPool: closed while ${p.ref.name} (job ${p.id}) ran`));
    this.busy.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const w = this.idle.pop() ?? (this.all.size < this.threads ? this.spawn() : undefined);
      if (w === undefined) return;
      const job = this.queue.shift() as Pending;
      this.busy.set(w, job);
      w.ref();
      const req: JobRequest = { id: job.id, module: job.ref.module, name: job.ref.name, arg: job.arg };
      w.postMessage(req);
    }
  }

  private spawn(): Worker {
    const w = new Worker(workerSource(), { eval: true });
    this.all.add(w);
    w.on("message", (m: JobReply) => {
      const job = this.busy.get(w);
      if (job === undefined || job.id !== m.id) return;
      if (m.kind === "progress") return job.onProgress?.(m.message);
      this.busy.delete(w);
      if (m.kind === "done") job.resolve(m.result);
      else job.reject(new Error(`${job.ref.name} (job ${job.id}) failed in a worker thread:\n${m.error}`));
      this.idle.push(w);
      w.unref();
      this.dispatch();
    });
    const lost = (why: string): void => {
      if (!this.all.delete(w)) return;
      const job = this.busy.get(w);
      this.busy.delete(w);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      job?.reject(new Error(`${job.ref.name} (job ${job.id}): its worker thread ${why}`));
      this.dispatch();
    };
    w.on("error", (e) => lost(`threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    w.on("exit", (code) => lost(`exited with code ${code}`));
    return w;
  }
}
