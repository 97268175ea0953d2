// Turning what a kernel said into an nbformat error output, and errors into messages with context.
import type { ExecuteReplyContent } from "../protocol/messages";
import type { ErrorOutput } from "../nbformat/types";

/** tslab prints TypeScript diagnostics as "line:col - message". */
const TS_DIAGNOSTIC = /^\d+:\d+ - .+$/gm;
const RUNTIME = /^([A-Za-z_$][\w$]*): (.*)$/;

/** Stock tslab sends no iopub `error`: recover ename/evalue from the reply, else from stderr. */
export function errorFromReply(reply: ExecuteReplyContent, stderr: string): ErrorOutput {
  if (reply.ename !== undefined) {
    return { output_type: "error", ename: reply.ename, evalue: reply.evalue ?? "", traceback: [...(reply.traceback ?? [])] };
  }
  if (reply.status === "abort") {
    return { output_type: "error", ename: "ExecutionAborted", evalue: "the kernel aborted this request (execute_reply status \"abort\")", traceback: [] };
  }
  const diags = stderr.match(TS_DIAGNOSTIC);
  if (diags !== null) return { output_type: "error", ename: "TSError", evalue: diags.join("; "), traceback: diags };
  const lines = stderr.split("\n");
  let found: { ename: string; evalue: string } | undefined;
  lines.forEach((line, i) => {
    const m = RUNTIME.exec(line);
    if (m === null) return;
    const hasStack = (lines[i + 1] ?? "").startsWith("    at ");
    if (found === undefined || hasStack) found = { ename: m[1] as string, evalue: m[2] as string };
  });
  const last = lines.map((l) => l.trim()).filter((l) => l !== "").pop();
  const { ename, evalue } = found ?? { ename: "Error", evalue: last ?? `execute_reply status "${reply.status}" with no error details` };
  return { output_type: "error", ename, evalue, traceback: stderr.trim() === "" ? [] : stderr.trimEnd().split("\n") };
}

export function errorOutput(ename: string, evalue: string): ErrorOutput {
  return { output_type: "error", ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

export interface CellFailure {
  readonly notebook: string;
  readonly cellIndex: number;
  readonly cellId: string | undefined;
  readonly firstLines: string;
  readonly ename: string;
  readonly evalue: string;
}

export function headOf(source: string, lines = 3): string {
  const all = source.split("\n");
  const head = all.slice(0, lines).join("\n");
  return all.length > lines ? `${head}\n...` : head;
}

export function formatFailure(f: CellFailure): string {
  if (f.cellIndex < 0) return `${f.notebook}: ${f.ename}: ${f.evalue}`;
  const code = f.firstLines.split("\n").map((l) => `    | ${l}`).join("\n");
  return `${f.notebook}: cell ${f.cellIndex} (id ${f.cellId ?? "none"}) failed: ${f.ename}: ${f.evalue}\n${code}`;
}
