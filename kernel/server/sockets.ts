// The kernel's shell, stdin and iopub sockets (control and heartbeat live in control-process.js) and
// signed sending. Every socket has an unlimited send high-water mark: a long cell may publish
// thousands of outputs before the client reads them, and a message refused at the mark is an output
// (or the final idle) lost. Sends are synchronous hand-overs to libzmq, whose I/O thread delivers
// them even while a synchronous cell blocks JavaScript.
import { randomUUID } from "node:crypto";
import * as zmq from "zeromq";
import { ConnectionInfo, endpoint } from "../protocol/connection";
import type { AnyMessage } from "../protocol/messages";
import { deserialize, makeHeader, serialize } from "../protocol/wire";

const DELIM = Buffer.from("<IDS|MSG>");

/** The real stderr, captured before cells redirect process.stderr.write to iopub. */
export const rawStderrWrite: (text: string) => boolean = process.stderr.write.bind(process.stderr);

export function logKernel(text: string): void {
  rawStderrWrite(`mfg-lab kernel: ${text}\n`);
}

/** Where replies go: a router socket, or the control process. */
export interface Sender {
  send(frames: Buffer[]): Promise<void>;
}

/** A received request and the routing identities its reply must carry. */
export interface Incoming {
  readonly msg: AnyMessage;
  readonly identities: readonly Buffer[];
}

export class KernelSockets {
  readonly session = randomUUID();
  readonly shell = new zmq.Router({ sendHighWaterMark: 0, linger: 0 });
  readonly stdin = new zmq.Router({ sendHighWaterMark: 0, linger: 0 });
  readonly iopub = new zmq.Publisher({ sendHighWaterMark: 0, sendTimeout: 0, linger: 1000 });
  private last: Promise<void> = Promise.resolve();

  constructor(readonly info: ConnectionInfo) {}

  async bind(): Promise<void> {
    const i = this.info;
    await Promise.all([
      this.shell.bind(endpoint(i, i.shell_port)),
      this.stdin.bind(endpoint(i, i.stdin_port)),
      this.iopub.bind(endpoint(i, i.iopub_port)),
    ]);
  }

  /** Verified requests from a router socket; forged or malformed messages are logged and dropped. */
  async *requests(sock: zmq.Router): AsyncGenerator<Incoming> {
    for await (const frames of sock) {
      const req = this.parse(frames);
      if (req !== undefined) yield req;
    }
  }

  /** A verified request, or undefined (logged) for a forged or malformed one. */
  parse(frames: Buffer[]): Incoming | undefined {
    const at = frames.findIndex((f) => f.equals(DELIM));
    try {
      return { msg: deserialize(this.info.key, frames), identities: frames.slice(0, Math.max(at, 0)) };
    } catch (e) {
      logKernel(`dropped a request: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  message(parent: AnyMessage, msgType: string, content: object): AnyMessage {
    return {
      header: makeHeader(msgType, this.session),
      parent_header: parent.header,
      metadata: {},
      content: content as Record<string, unknown>,
      buffers: [],
    };
  }

  reply(sock: Sender, to: Incoming, msgType: string, content: object): void {
    this.send(sock, [...to.identities, ...serialize(this.info.key, this.message(to.msg, msgType, content))]);
  }

  publish(parent: AnyMessage, msgType: string, content: object): void {
    const topic = Buffer.from(`kernel.${this.session}.${msgType}`);
    this.send(this.iopub, [topic, ...serialize(this.info.key, this.message(parent, msgType, content))]);
  }

  /** Resolves once everything sent so far is in libzmq's queues. */
  drained(): Promise<void> { return this.last; }

  close(): void {
    for (const s of [this.shell, this.stdin, this.iopub]) s.close();
  }

  private send(sock: Sender, frames: Buffer[]): void {
    const sent = sock.send(frames).catch((e: unknown) => {
      logKernel(`failed to send a message: ${e instanceof Error ? e.message : String(e)}`);
    });
    this.last = Promise.all([this.last, sent]).then(() => undefined);
  }
}
