// Replies to the shell and control requests other than execute_request.
import { isCompleteCode } from "tslab/dist/converter";
import { printQuickInfo } from "tslab/dist/inspect";
import { PROTOCOL_VERSION } from "../protocol/messages";
import type { Cells } from "./cells";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const TYPESCRIPT_VERSION = (require("@tslab/typescript-for-tslab") as { version: string }).version;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TSLAB_VERSION = (require("tslab/package.json") as { version: string }).version;

export function kernelInfo(): object {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "mfg-lab",
    implementation_version: `0.1.0 (tslab ${TSLAB_VERSION})`,
    language_info: {
      // The TypeScript that really compiles the cells (tslab's own fork).
      name: "typescript",
      version: TYPESCRIPT_VERSION,
      mimetype: "text/typescript",
      file_extension: ".ts",
      // tslab's combination: highlights TypeScript in both classic Notebook and JupyterLab.
      codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
    },
    banner: `TypeScript ${TYPESCRIPT_VERSION} (MFG lab kernel on tslab ${TSLAB_VERSION})`,
    help_links: [],
  };
}

function codeAndCursor(content: Record<string, unknown>): { code: string; cursor: number } {
  const code = typeof content["code"] === "string" ? content["code"] : "";
  const pos = content["cursor_pos"];
  return { code, cursor: typeof pos === "number" ? pos : code.length };
}

export function completeReply(cells: Cells, content: Record<string, unknown>): object {
  const { code, cursor } = codeAndCursor(content);
  const info = cells.complete(code, cursor);
  return { status: "ok", matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {} };
}

export function inspectReply(cells: Cells, content: Record<string, unknown>): object {
  const { code, cursor } = codeAndCursor(content);
  const info = cells.inspect(code, cursor);
  if (info === undefined || info === null) return { status: "ok", found: false, data: {}, metadata: {} };
  return { status: "ok", found: true, data: { "text/plain": printQuickInfo(info) }, metadata: {} };
}

export function isCompleteReply(content: Record<string, unknown>): object {
  const res = isCompleteCode(codeAndCursor(content).code);
  return res.completed ? { status: "complete" } : { status: "incomplete", indent: res.indent ?? "" };
}
