import { parentPort } from "node:worker_threads";
import { type JobReply, type JobRequest, loadJob } from "./job";

// The worker thread's side of JobPool: one job at a time, in the order the pool sends them.
const port = parentPort;
if (port === null) throw new Error("src/parallel/job-worker: must run as a worker thread (started by JobPool)");
port.on("message", (req: JobRequest) => {
  const reply = (r: JobReply): void => port.postMessage(r);
  void (async () => {
    try {
      const fn = loadJob<unknown, unknown>(req);
      const result = await fn(req.arg, (message) => reply({ id: req.id, kind: "progress", message }));
      reply({ id: req.id, kind: "done", result });
    } catch (e) {
      reply({ id: req.id, kind: "failed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
});
