// execute_request, one at a time in arrival order. A cell's execute_reply and idle are handed to
// libzmq before the next cell starts, so a long synchronous next cell cannot hold them back.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { ErrorContent, ExecuteRequestContent } from "../protocol/messages";
import type { Cells } from "./cells";
import { errorContent, resultText } from "./errors";
import type { Outputs } from "./outputs";
import { ModuleReloader } from "./reload";
import { setStdinChannel, type StdinChannel } from "./stdin";
import type { StdinReplies } from "./stdin-replies";
import { type Incoming, type KernelSockets, logKernel, type Sender } from "./sockets";

interface Queued { readonly req: Incoming; readonly sock: Sender }

interface Options { readonly silent: boolean; readonly storeHistory: boolean; readonly stopOnError: boolean }

function optionsOf(c: Partial<ExecuteRequestContent>): Options {
  const silent = c.silent === true;
  return { silent, storeHistory: !silent && c.store_history !== false, stopOnError: c.stop_on_error !== false };
}

/** How tracebacks name a cell: its execution count, and its id when the front end sends one. */
function cellLabel(req: Incoming, count: number): string {
  const id = req.msg.metadata["cellId"] ?? req.msg.metadata["cell_id"];
  return typeof id === "string" && id !== "" ? `In [${count}] (cell ${id})` : `In [${count}]`;
}

export class ExecutionQueue {
  /** The execution counter (In [n]); counts cells run with store_history. */
  count = 0;
  private readonly queue: Queued[] = [];
  private running = false;
  private readonly reloader = new ModuleReloader();

  constructor(
    private readonly sockets: KernelSockets,
    private readonly outputs: Outputs,
    private readonly cells: Cells,
    private readonly stdinWaiter: StdinReplies,
  ) {}

  enqueue(req: Incoming, sock: Sender): void {
    this.queue.push({ req, sock });
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
        const failed = await this.runOne(next);
        if (failed) this.abortQueued();
        await this.sockets.drained();
        await nextTurn();
      }
    } finally {
      this.running = false;
    }
  }

  /** Runs one request; true when it failed with stop_on_error (the queued requests are then aborted). */
  private async runOne({ req, sock }: Queued): Promise<boolean> {
    const content = req.msg.content as Partial<ExecuteRequestContent>;
    const code = typeof content.code === "string" ? content.code : "";
    const opts = optionsOf(content);
    this.outputs.publish(req.msg, "status", { execution_state: "busy" });
    this.outputs.routeTo(req.msg);
    if (opts.storeHistory) this.count++;
    const count = this.count;
    if (!opts.silent) this.outputs.publish(req.msg, "execute_input", { code, execution_count: count });
    setStdinChannel(this.stdinFor(req, content.allow_stdin === true));
    const error = await this.evaluate(req, code, count, opts.silent).catch((e: unknown) => {
      // A failure of the kernel itself still answers the request, so the client never hangs.
      logKernel(`internal error running a cell: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      const internal = errorContent(e);
      this.outputs.publish(req.msg, "error", internal);
      return internal;
    });
    this.outputs.flush();
    const reply = error === undefined
      ? { status: "ok", execution_count: count, user_expressions: {}, payload: [] }
      : { status: "error", execution_count: count, ...error };
    this.sockets.reply(sock, req, "execute_reply", reply);
    this.outputs.publish(req.msg, "status", { execution_state: "idle" });
    return error !== undefined && opts.stopOnError;
  }

  /** Runs the code and publishes its result or error; returns the error, if any. */
  private async evaluate(req: Incoming, code: string, count: number, silent: boolean): Promise<ErrorContent | undefined> {
    const changed = this.reloader.refresh();
    if (changed.length > 0) this.outputs.stream(req.msg, "stderr", `reloaded after changes to: ${changed.join(", ")}\n`);
    const outcome = await this.cells.run(code, cellLabel(req, count));
    this.reloader.remember();
    if (!outcome.ok) {
      if (!silent) this.outputs.publish(req.msg, "error", outcome.error);
      return outcome.error;
    }
    for (const w of outcome.warnings) this.outputs.stream(req.msg, "stderr", `${w}\n`);
    if (outcome.hasValue && !silent) {
      this.outputs.publish(req.msg, "execute_result", {
        execution_count: count, data: { "text/plain": resultText(outcome.value) }, metadata: {},
      });
    }
    return undefined;
  }

  /** input() of this request: an input_request to the client's stdin socket (same routing identity). */
  private stdinFor(req: Incoming, allowed: boolean): StdinChannel {
    return {
      allowed,
      request: (prompt, password) => {
        const answer = this.stdinWaiter.next();
        this.sockets.reply(this.sockets.stdin, req, "input_request", { prompt, password });
        return answer;
      },
    };
  }

  /** Requests that were already waiting behind a failed cell are not run (ipykernel's stop_on_error). */
  private abortQueued(): void {
    for (let q = this.queue.shift(); q !== undefined; q = this.queue.shift()) {
      this.outputs.publish(q.req.msg, "status", { execution_state: "busy" });
      this.sockets.reply(q.sock, q.req, "execute_reply", { status: "aborted", execution_count: this.count });
      this.outputs.publish(q.req.msg, "status", { execution_state: "idle" });
    }
  }
}
