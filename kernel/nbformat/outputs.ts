// Rebuilding nbformat outputs from iopub messages, the way nbclient does: consecutive streams of the
// same name merge, update_display_data rewrites every output shown under its display_id (in any
// cell of the notebook), clear_output(wait=true) clears only when the next output arrives.
import { iopubEvent, IopubMessage } from "../protocol/messages";
import { Json, MimeBundle, Output, sourceText } from "./types";

interface DisplayRef { readonly outputs: Output[]; readonly output: Output }

/** One per notebook: display ids outlive the cell that created them. */
export class DisplayRegistry {
  private readonly byId = new Map<string, DisplayRef[]>();
  add(id: string, ref: DisplayRef): void {
    const refs = this.byId.get(id) ?? [];
    refs.push(ref);
    this.byId.set(id, refs);
  }
  update(id: string, data: MimeBundle, metadata: Record<string, Json>): void {
    for (const ref of this.byId.get(id) ?? []) {
      if (!ref.outputs.includes(ref.output)) continue; // cleared since
      if (ref.output.output_type === "display_data" || ref.output.output_type === "execute_result") {
        ref.output.data = data;
        ref.output.metadata = metadata;
      }
    }
  }
}

export class CellOutputs {
  readonly outputs: Output[] = [];
  executionCount: number | null = null;
  sawError = false;
  private clearPending = false;

  constructor(private readonly displays: DisplayRegistry) {}

  /** Feeds one iopub message of this cell's request. */
  handle(raw: IopubMessage): void {
    const msg = iopubEvent(raw);
    switch (msg.type) {
      case "stream": return this.push({ output_type: "stream", name: msg.content.name, text: msg.content.text });
      case "display_data": return this.display(msg.content.data as MimeBundle, msg.content.metadata, msg.content.transient?.display_id);
      case "update_display_data": {
        const id = msg.content.transient?.display_id;
        if (id !== undefined) this.displays.update(id, msg.content.data as MimeBundle, (msg.content.metadata ?? {}) as Record<string, Json>);
        return;
      }
      case "execute_result":
        this.executionCount = msg.content.execution_count ?? this.executionCount;
        return this.push({ output_type: "execute_result", execution_count: msg.content.execution_count ?? null, data: msg.content.data as MimeBundle, metadata: (msg.content.metadata ?? {}) as Record<string, Json> });
      case "error":
        this.sawError = true;
        return this.push({ output_type: "error", ename: msg.content.ename, evalue: msg.content.evalue, traceback: [...msg.content.traceback] });
      case "clear_output":
        if (msg.content.wait) this.clearPending = true;
        else this.outputs.length = 0;
        return;
      case "execute_input":
        this.executionCount = msg.content.execution_count ?? this.executionCount;
        return;
      case "status": return;
    }
  }

  private display(data: MimeBundle, metadata: Record<string, unknown> | undefined, displayId: string | undefined): void {
    const output: Output = { output_type: "display_data", data, metadata: (metadata ?? {}) as Record<string, Json> };
    this.push(output);
    if (displayId !== undefined) this.displays.add(displayId, { outputs: this.outputs, output });
  }

  push(output: Output): void {
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
    const last = this.outputs[this.outputs.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      last.text = sourceText(last.text) + sourceText(output.text);
      return;
    }
    this.outputs.push(output);
  }

  /** All stderr text this cell produced (stock tslab reports errors only there). */
  stderr(): string {
    return this.outputs.filter((o) => o.output_type === "stream" && o.name === "stderr").map((o) => sourceText((o as { text: string | string[] }).text)).join("");
  }
}
