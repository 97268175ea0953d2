// A cell's outputs on iopub: stdout/stderr text coalesced into few stream messages (one message
// per console.log costs a signature and a frame per line), displays through tslab's display API.
import type { AnyMessage } from "../protocol/messages";
import type { KernelSockets } from "./sockets";

/** Pending text is flushed at least this often (ms) while a synchronous loop keeps writing... */
const STREAM_FLUSH_MS = 50;
/** ...or once this many characters are pending. */
const STREAM_FLUSH_CHARS = 1 << 20;

type StreamName = "stdout" | "stderr";
interface Pending { readonly parent: AnyMessage; readonly name: StreamName; text: string; readonly since: number }
type WriteDisplayData = typeof import("tslab/dist/jupyter").lastWriteDisplayData;
/**
 * tslab's `display` (what cells get from `import { display } from "tslab"`) sends through this
 * module-level hook of tslab's jupyter module; we set it to our iopub.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tslabJupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };

const utf8 = new TextDecoder();

export class Outputs {
  private pending: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly sockets: KernelSockets) {}

  /** Any iopub message of `parent`; pending stream text goes first, so the order is kept. */
  publish(parent: AnyMessage, msgType: string, content: object): void {
    this.flush();
    this.sockets.publish(parent, msgType, content);
  }

  stream(parent: AnyMessage, name: StreamName, text: string): void {
    if (this.pending !== null && (this.pending.parent !== parent || this.pending.name !== name)) this.flush();
    this.pending ??= { parent, name, text: "", since: Date.now() };
    this.pending.text += text;
    if (this.pending.text.length >= STREAM_FLUSH_CHARS || Date.now() - this.pending.since >= STREAM_FLUSH_MS) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => { this.timer = null; this.flush(); }, 0);
  }

  flush(): void {
    if (this.timer !== null) { clearTimeout(this.timer); this.timer = null; }
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    this.sockets.publish(p.parent, "stream", { name: p.name, text: p.text });
  }

  /**
   * From now on process.stdout/stderr and tslab's `display` write to `parent`'s outputs. Like
   * ipykernel, output written after the cell ended (timers) still goes to the last cell.
   */
  routeTo(parent: AnyMessage): void {
    process.stdout.write = this.writer(parent, "stdout");
    process.stderr.write = this.writer(parent, "stderr");
    tslabJupyter.lastWriteDisplayData = (data: Parameters<WriteDisplayData>[0], update: boolean): void => {
      this.publish(parent, update ? "update_display_data" : "display_data", data);
    };
  }

  private writer(parent: AnyMessage, name: StreamName): typeof process.stdout.write {
    return ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      this.stream(parent, name, typeof chunk === "string" ? chunk : utf8.decode(chunk));
      const done = rest.find((r): r is () => void => typeof r === "function");
      if (done !== undefined) queueMicrotask(done);
      return true;
    }) as typeof process.stdout.write;
  }
}
