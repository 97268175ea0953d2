// The kernel's side of control-process.js (control channel + heartbeat in a helper process):
// requests arrive as frames over IPC, replies go back the same way (the helper owns the sockets).
import { ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { ConnectionInfo, endpoint } from "../protocol/connection";
import type { Sender } from "./sockets";

export class ControlChannel implements Sender {
  private readonly child: ChildProcess;
  readonly ready: Promise<void>;

  constructor(info: ConnectionInfo, onRequest: (frames: Buffer[]) => void) {
    const config = { endpoint: endpoint(info, info.control_port), hbEndpoint: endpoint(info, info.hb_port), key: info.key };
    this.child = fork(join(__dirname, "control-process.js"), [JSON.stringify(config)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "advanced",
      execArgv: [],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.on("message", (m: unknown) => {
        if (m === "bound") resolve();
        else if (Array.isArray(m)) onRequest(m.map((f: Uint8Array) => Buffer.from(f)));
        else reject(new Error(`control process: ${JSON.stringify(m)}`));
      });
      this.child.on("error", reject);
      this.child.on("exit", (code, signal) => reject(new Error(`control process exited (${String(code ?? signal)})`)));
    });
  }

  send(frames: Buffer[]): Promise<void> {
    this.child.send(frames);
    return Promise.resolve();
  }

  close(): void {
    if (this.child.connected) this.child.send("close");
  }
}
