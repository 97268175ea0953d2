// A Jupyter client over zeromq 6: kernel_info handshake, execute, interrupt, shutdown, death detection.
import { randomUUID } from "node:crypto";
import * as zmq from "zeromq";
import { ConnectionInfo, endpoint, makeConnectionInfo, removeConnectionFile, writeConnectionFile } from "./connection";
import { describeExit, ExecuteTimeoutError, KernelDiedError, KernelStartError } from "./errors";
import { ExitInfo, KernelSpec, killGroup, spawnKernel, SpawnedKernel } from "./kernel-process";
import { AnyMessage, ContentMap, ExecuteReplyContent, IopubMessage, KernelInfoReplyContent, MsgType } from "./messages";
import { timer, withTimer } from "./timer";
import { deserialize, makeHeader, serialize } from "./wire";

export interface StartOptions {
  /** The kernel's working directory: the notebook's folder (relative imports, data files). */
  readonly cwd: string;
  readonly startupTimeoutMs?: number;
  readonly env?: Record<string, string>;
  readonly kernelName?: string;
  /** Heartbeat period; a kernel idle and silent for heartbeatDeadMs is declared dead. */
  readonly heartbeatMs?: number;
  readonly heartbeatDeadMs?: number;
}

export interface ExecuteOptions {
  readonly onIopub?: (msg: IopubMessage) => void;
  readonly timeoutMs?: number;
  /** After a timeout: how long SIGINT may take before the kernel is killed. */
  readonly interruptGraceMs?: number;
  /**
   * Once the reply came, how long to wait for the iopub `idle` (nbclient's iopub_timeout): stock
   * tslab can drop it under load. Past it the call resolves anyway and `onIopubTimeout` is called.
   */
  readonly iopubTimeoutMs?: number;
  readonly onIopubTimeout?: () => void;
}

type Handler = (msg: AnyMessage) => void;

const START_ATTEMPTS = 4;

export class KernelClient {
  readonly session = randomUUID();
  /** Messages dropped because their HMAC did not verify. */
  rejectedMessages = 0;
  kernelInfo: KernelInfoReplyContent | undefined;
  private readonly replyHandlers = new Map<string, Handler>();
  private readonly iopubHandlers = new Map<string, Handler>();
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly stdin = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private hb: zmq.Request | undefined;
  private busy = 0;
  private closed = false;
  private deathError: KernelDiedError | undefined;
  private readonly died: Promise<KernelDiedError>;
  private markDead: (e: KernelDiedError) => void = () => undefined;

  private constructor(
    readonly spec: KernelSpec,
    readonly info: ConnectionInfo,
    readonly connectionFile: string,
    readonly kernel: SpawnedKernel,
    private readonly opts: StartOptions,
  ) {
    this.died = new Promise((resolve) => {
      this.markDead = (e) => { if (this.deathError === undefined) { this.deathError = e; resolve(e); } };
    });
    void kernel.exited.then((exit) => this.markDead(this.diedError("kernel died", exit)));
  }

  /**
   * Spawns the kernel from `spec` and waits until both shell and iopub answer (kernel_info handshake).
   * Free ports are found by binding and releasing them, so another process may take one before the
   * kernel binds it (seen with concurrent Slurm tasks on one node): a start that died of
   * "Address already in use" is retried with fresh ports.
   */
  static async start(spec: KernelSpec, opts: StartOptions): Promise<KernelClient> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await KernelClient.startOnce(spec, opts);
      } catch (e) {
        const portTaken = e instanceof KernelStartError && /address already in use|EADDRINUSE/i.test(e.message);
        if (!portTaken || attempt >= START_ATTEMPTS) throw e;
      }
    }
  }

  private static async startOnce(spec: KernelSpec, opts: StartOptions): Promise<KernelClient> {
    const info = await makeConnectionInfo(opts.kernelName);
    const file = await writeConnectionFile(info);
    let kernel: SpawnedKernel;
    try {
      kernel = spawnKernel(spec, file, opts.cwd, opts.env);
    } catch (e) {
      await removeConnectionFile(file);
      throw e;
    }
    const client = new KernelClient(spec, info, file, kernel, opts);
    try {
      client.connect();
      await client.handshake(opts.startupTimeoutMs ?? 60_000);
    } catch (e) {
      await client.shutdown(0);
      throw e instanceof KernelDiedError ? new KernelStartError(`kernel failed to start: ${e.message}`, e.outputTail) : e;
    }
    void client.heartbeatLoop();
    return client;
  }

  get pid(): number | undefined { return this.kernel.child.pid; }
  get isAlive(): boolean { return this.deathError === undefined && !this.closed; }
  get deathReason(): KernelDiedError | undefined { return this.deathError; }

  private diedError(what: string, exit: ExitInfo | null): KernelDiedError {
    return new KernelDiedError(`${what} (${describeExit(exit)})`, exit, this.kernel.outputTail());
  }

  private connect(): void {
    this.shell.connect(endpoint(this.info, this.info.shell_port));
    this.control.connect(endpoint(this.info, this.info.control_port));
    this.stdin.connect(endpoint(this.info, this.info.stdin_port));
    this.iopub.connect(endpoint(this.info, this.info.iopub_port));
    this.iopub.subscribe();
    void this.pump(this.shell, this.replyHandlers);
    void this.pump(this.control, this.replyHandlers);
    void this.pump(this.iopub, this.iopubHandlers);
  }

  private async pump(sock: zmq.Dealer | zmq.Subscriber, handlers: Map<string, Handler>): Promise<void> {
    try {
      for await (const frames of sock) {
        let msg: AnyMessage;
        try {
          msg = deserialize(this.info.key, frames);
        } catch {
          this.rejectedMessages++; // a forged or corrupted message must never reach a cell
          continue;
        }
        const parent = msg.parent_header.msg_id;
        if (parent !== undefined) handlers.get(parent)?.(msg);
      }
    } catch {
      // the socket was closed: nothing more to route
    }
  }

  private async send<K extends MsgType>(sock: zmq.Dealer, type: K, content: ContentMap[K]): Promise<string> {
    const header = makeHeader(type, this.session);
    await sock.send(serialize(this.info.key, { header, parent_header: {}, metadata: {}, content, buffers: [] } as AnyMessage));
    return header.msg_id;
  }

  private deathOr<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.died.then((e) => { throw e; })]);
  }

  /** Resends kernel_info until a reply AND an iopub message came: the SUB socket joins late (slow joiner). */
  private async handshake(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const ids: string[] = [];
    let reply: KernelInfoReplyContent | undefined;
    let iopubSeen = false;
    let wake: () => void = () => undefined;
    const onReply: Handler = (m) => { if (m.header.msg_type === "kernel_info_reply") { reply = m.content as KernelInfoReplyContent; wake(); } };
    const onIopub: Handler = () => { iopubSeen = true; wake(); };
    try {
      while (reply === undefined || !iopubSeen) {
        if (Date.now() > deadline) throw new KernelStartError(`no kernel_info handshake within ${timeoutMs} ms`, this.kernel.outputTail());
        const id = await this.send(this.shell, "kernel_info_request", {});
        ids.push(id);
        this.replyHandlers.set(id, onReply);
        this.iopubHandlers.set(id, onIopub);
        const woke = new Promise<void>((r) => { wake = r; });
        await this.deathOr(withTimer(woke, Math.min(1000, Math.max(0, deadline - Date.now())), undefined));
        if (reply !== undefined && !iopubSeen) await this.deathOr(withTimer(new Promise<void>((r) => { wake = r; }), 200, undefined));
      }
      this.kernelInfo = reply;
    } finally {
      for (const id of ids) { this.replyHandlers.delete(id); this.iopubHandlers.delete(id); }
    }
  }

  /**
   * Runs `code`; resolves with the execute_reply content once BOTH the reply and the iopub `idle`
   * for this request arrived (outputs may trail the reply). Rejects with KernelDiedError or
   * ExecuteTimeoutError (after SIGINT, and a kill if SIGINT did not help within the grace).
   */
  async execute(code: string, opts: ExecuteOptions = {}): Promise<ExecuteReplyContent> {
    if (this.deathError !== undefined) throw this.deathError;
    if (this.closed) throw new Error("kernel client is shut down");
    const header = makeHeader("execute_request", this.session);
    let reply: ExecuteReplyContent | undefined;
    let idle = false;
    let finish: (r: ExecuteReplyContent) => void = () => undefined;
    const done = new Promise<ExecuteReplyContent>((r) => { finish = r; });
    const check = (): void => { if (reply !== undefined && idle) finish(reply); };
    let idleWait: ReturnType<typeof timer> | undefined;
    let over = false;
    this.replyHandlers.set(header.msg_id, (m) => {
      if (m.header.msg_type !== "execute_reply") return;
      const r = m.content as ExecuteReplyContent;
      reply = r;
      check();
      if (idle) return;
      idleWait = timer(opts.iopubTimeoutMs ?? 5000);
      void idleWait.done.then(() => { if (!idle && !over) { opts.onIopubTimeout?.(); finish(r); } });
    });
    this.iopubHandlers.set(header.msg_id, (m) => {
      opts.onIopub?.(m as IopubMessage);
      if (m.header.msg_type === "status" && (m.content as { execution_state?: string }).execution_state === "idle") { idle = true; check(); }
    });
    const content: ContentMap["execute_request"] = {
      code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true,
    };
    this.busy++;
    try {
      await this.shell.send(serialize(this.info.key, { header, parent_header: {}, metadata: {}, content, buffers: [] } as AnyMessage));
      return await this.awaitWithTimeout(done, opts);
    } finally {
      this.busy--;
      over = true;
      idleWait?.cancel();
      this.replyHandlers.delete(header.msg_id);
      this.iopubHandlers.delete(header.msg_id);
    }
  }

  private async awaitWithTimeout<T>(done: Promise<T>, opts: ExecuteOptions): Promise<T> {
    if (opts.timeoutMs === undefined || !Number.isFinite(opts.timeoutMs)) return this.deathOr(done);
    const TIMEOUT = Symbol("timeout");
    const first = await this.deathOr(withTimer(done, opts.timeoutMs, TIMEOUT));
    if (first !== TIMEOUT) return first as T;
    await this.interrupt();
    const grace = opts.interruptGraceMs ?? 5000;
    const second = await withTimer(this.deathOr(done).then(() => "stopped", () => "died"), grace, "stuck");
    if (second === "stuck") {
      this.kill();
      await this.kernel.exited;
    }
    const how = second === "stuck" ? `ignored SIGINT for ${grace} ms and was killed` : "was interrupted";
    throw new ExecuteTimeoutError(`timed out after ${opts.timeoutMs} ms; the kernel ${how}`, opts.timeoutMs, second === "stuck");
  }

  /** SIGINT by default (tslab ignores interrupt_request); interrupt_request if the spec asks for it. */
  async interrupt(): Promise<void> {
    if (!this.isAlive) return;
    if (this.spec.interrupt_mode === "message") {
      await this.send(this.control, "interrupt_request", {});
    } else if (this.pid !== undefined) {
      try { process.kill(this.pid, "SIGINT"); } catch { /* already gone */ }
    }
  }

  kill(): void {
    this.markDead(new KernelDiedError("kernel killed by the executor", { code: null, signal: "SIGKILL" }, this.kernel.outputTail()));
    killGroup(this.kernel.child, "SIGKILL");
  }

  private async ping(timeoutMs: number): Promise<boolean> {
    if (this.hb === undefined) {
      this.hb = new zmq.Request({ linger: 0, receiveTimeout: timeoutMs, sendTimeout: timeoutMs });
      this.hb.connect(endpoint(this.info, this.info.hb_port));
    }
    const hb = this.hb;
    try {
      await hb.send("ping");
      await hb.receive();
      return true;
    } catch {
      hb.close(); // a REQ socket that missed its reply is stuck: start a fresh one
      if (this.hb === hb) this.hb = undefined;
      return false;
    }
  }

  /**
   * A JavaScript kernel answers heartbeats on its single thread, so a long synchronous cell looks
   * exactly like a hung kernel: heartbeats count only while no request is in flight (cell timeouts
   * cover busy kernels); the process exit event covers crashes at any time.
   */
  private async heartbeatLoop(): Promise<void> {
    const every = this.opts.heartbeatMs ?? 2000;
    const deadAfter = this.opts.heartbeatDeadMs ?? 30_000;
    let lastOk = Date.now();
    while (this.isAlive) {
      const t = timer(every);
      await Promise.race([t.done, this.died]);
      t.cancel();
      if (!this.isAlive) break;
      if (this.busy > 0 || (await this.ping(Math.min(every, 1000)))) { lastOk = Date.now(); continue; }
      if (this.isAlive && this.busy === 0 && Date.now() - lastOk > deadAfter) {
        this.markDead(new KernelDiedError(`kernel stopped answering heartbeats for ${deadAfter} ms`, null, this.kernel.outputTail()));
        killGroup(this.kernel.child, "SIGKILL");
      }
    }
  }

  /** shutdown_request on control, then SIGTERM, then SIGKILL; always closes sockets and removes the connection file. */
  async shutdown(graceMs = 3000): Promise<void> {
    if (this.closed) return;
    const wasAlive = this.isAlive;
    this.closed = true;
    const exited = this.kernel.exited.then(() => true);
    try {
      if (wasAlive && graceMs > 0) {
        await withTimer(this.send(this.control, "shutdown_request", { restart: false }).catch(() => undefined), 500, undefined);
        if (!(await withTimer(exited, graceMs, false))) killGroup(this.kernel.child, "SIGTERM");
      }
      if (!(await withTimer(exited, 2000, false))) killGroup(this.kernel.child, "SIGKILL");
      await withTimer(exited, 5000, false);
    } finally {
      this.markDead(this.diedError("kernel shut down", null));
      for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s?.close();
      this.hb = undefined;
      await removeConnectionFile(this.connectionFile);
    }
  }
}

