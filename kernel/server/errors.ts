// A thrown value as Jupyter error content, and a cell's value as text/plain.
import { inspect } from "node:util";
import type { ErrorContent } from "../protocol/messages";

/** Stack frames of the kernel's own machinery: tslab, this server, tsx's loader, Node internals. */
const MACHINERY_FRAME = /[\\/]tslab[\\/]dist[\\/]|[\\/]kernel[\\/]server[\\/]|[\\/]node_modules[\\/]tsx[\\/]|\((node|internal)[:/]|^\s*at (node|internal)[:/]|^\s*at (process\.processTicksAndRejections|new Promise \(<anonymous>\))/;

function isErrorLike(e: unknown): e is { name?: unknown; message: unknown; stack?: unknown } {
  return e instanceof Error || (typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string");
}

/**
 * Node prefixes the stack of an error thrown through vm with "file:line", that line of the
 * compiled script and a caret: not the cell's text, so it goes; the stack starts at "Name: message".
 */
function undecorated(lines: string[], ename: string): string[] {
  const head = lines.findIndex((l) => l === ename || l.startsWith(`${ename}:`));
  return head > 0 ? lines.slice(head) : lines;
}

/**
 * {ename, evalue, traceback} of a thrown value; the kernel's own frames are dropped from the
 * traceback and `mapFrames` (cell positions) applied to the rest.
 */
export function errorContent(e: unknown, mapFrames: (lines: string[]) => string[] = (l) => l): ErrorContent {
  if (isErrorLike(e)) {
    const ename = typeof e.name === "string" && e.name !== "" ? e.name : "Error";
    const evalue = String(e.message);
    const stack = typeof e.stack === "string" ? undecorated(e.stack.split("\n"), ename) : [`${ename}: ${evalue}`];
    return { ename, evalue, traceback: mapFrames(stack.filter((line) => !MACHINERY_FRAME.test(line))) };
  }
  const evalue = inspect(e);
  return { ename: "Error", evalue, traceback: [`Uncaught ${evalue}`] };
}

/** TypeScript diagnostics ("file line:col - message" lines) as one error, ename TSError. */
export function diagnosticsError(lines: readonly string[]): ErrorContent {
  const first = lines[0] ?? "compilation failed";
  const evalue = lines.length > 1 ? `${first} (and ${lines.length - 1} more)` : first;
  return { ename: "TSError", evalue, traceback: [...lines] };
}

const INSPECTED_KINDS = [Date, RegExp, Map, Set, Promise, Error] as const;

/**
 * text/plain of a cell's value. Objects whose class defines its own toString (tf.Tensor, danfo
 * DataFrame, user classes) show that text, which is what their authors meant for display;
 * everything else goes through util.inspect, like the Node REPL.
 */
export function resultText(v: unknown): string {
  if (v !== null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v) &&
    !INSPECTED_KINDS.some((k) => v instanceof k)) {
    const own = v as { toString?: unknown; [inspect.custom]?: unknown };
    if (typeof own[inspect.custom] !== "function" && typeof own.toString === "function" &&
      own.toString !== Object.prototype.toString) {
      try {
        const s: unknown = (own.toString as () => unknown).call(v);
        if (typeof s === "string") return s;
      } catch {
        // fall back to inspect
      }
    }
  }
  return inspect(v);
}
