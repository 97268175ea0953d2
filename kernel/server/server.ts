// The mfg-lab Jupyter kernel: messaging 5.3 over zeromq (shell, iopub, control, stdin, heartbeat),
// HMAC-SHA256 signed through kernel/protocol, cells compiled and run by tslab (./cells).
import type * as zmq from "zeromq";
import type { ConnectionInfo } from "../protocol/connection";
import { Cells } from "./cells";
import { ExecutionQueue } from "./execute";
import { Outputs } from "./outputs";
import { completeReply, inspectReply, isCompleteReply, kernelInfo } from "./requests";
import { ControlChannel } from "./control-channel";
import { Incoming, KernelSockets, logKernel, type Sender } from "./sockets";
import { StdinReplies } from "./stdin-replies";

export interface KernelServer {
  /** Resolves when a shutdown_request was answered and the sockets are closed. */
  readonly stopped: Promise<void>;
}

export async function startKernelServer(info: ConnectionInfo): Promise<KernelServer> {
  const sockets = new KernelSockets(info);
  const outputs = new Outputs(sockets);
  const control = new ControlChannel(info, (frames) => {
    const req = sockets.parse(frames);
    if (req !== undefined) handle(control, req);
  });
  const bound = Promise.all([sockets.bind(), control.ready]);
  // The control process starts and the sockets bind while the cell compiler is built (~0.5 s,
  // synchronous); requests are read only once both are ready, after this function returns.
  const cells = new Cells();
  const queue = new ExecutionQueue(sockets, outputs, cells, new StdinReplies(sockets));
  await bound;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => { stop = resolve; });
  const shutdown = async (): Promise<void> => {
    await sockets.drained();
    cells.close();
    control.close();
    sockets.close();
    stop();
  };
  const handle = (sock: Sender, req: Incoming): void => {
    try {
      if (req.msg.header.msg_type === "execute_request") queue.enqueue(req, sock);
      else if (answer(sockets, outputs, cells, sock, req)) void shutdown();
    } catch (e) {
      logKernel(`failed on ${req.msg.header.msg_type}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  };
  void serve(sockets, sockets.shell, handle);
  process.on("SIGINT", () => cells.interrupt());
  return { stopped };
}

async function serve(sockets: KernelSockets, sock: zmq.Router, handle: (sock: Sender, req: Incoming) => void): Promise<void> {
  try {
    for await (const req of sockets.requests(sock)) handle(sock, req);
  } catch (e) {
    if (!sock.closed) logKernel(`socket loop ended: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Answers a non-execute request between busy and idle; returns true for shutdown_request. */
function answer(sockets: KernelSockets, outputs: Outputs, cells: Cells, sock: Sender, req: Incoming): boolean {
  const type = req.msg.header.msg_type;
  const content = req.msg.content as Record<string, unknown>;
  const reply = (msgType: string, body: object): void => sockets.reply(sock, req, msgType, body);
  outputs.publish(req.msg, "status", { execution_state: "busy" });
  try {
    switch (type) {
      case "kernel_info_request": reply("kernel_info_reply", kernelInfo()); break;
      case "complete_request": reply("complete_reply", completeReply(cells, content)); break;
      case "inspect_request": reply("inspect_reply", inspectReply(cells, content)); break;
      case "is_complete_request": reply("is_complete_reply", isCompleteReply(content)); break;
      case "comm_info_request": reply("comm_info_reply", { status: "ok", comms: {} }); break;
      case "history_request": reply("history_reply", { status: "ok", history: [] }); break;
      case "interrupt_request":
        // On the control channel the control process already raised SIGINT (handled below).
        if (sock === sockets.shell) cells.interrupt();
        reply("interrupt_reply", { status: "ok" });
        break;
      case "shutdown_request":
        reply("shutdown_reply", { status: "ok", restart: content["restart"] === true });
        return true;
      default:
        logKernel(`unsupported request ${JSON.stringify(type)} ignored`);
    }
  } finally {
    outputs.publish(req.msg, "status", { execution_state: "idle" });
  }
  return false;
}
