// Makes an executed notebook comparable with a golden file: no ids, no times, execution counts
// relative to the first one (a shared kernel has already counted earlier cells).
import { readFileSync } from "node:fs";

interface RawCell { cell_type: string; source: string[] | string; outputs?: unknown[]; execution_count?: number | null; metadata: { papermill?: { status?: string; exception?: boolean }; tags?: string[] } }

export function normaliseNotebook(file: string): unknown[] {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: RawCell[] };
  const counts = nb.cells.map((c) => c.execution_count).filter((n): n is number => typeof n === "number");
  const first = counts[0] ?? 1;
  return nb.cells.map((c) => ({
    cell_type: c.cell_type,
    ...(c.cell_type === "code"
      ? {
          execution_count: typeof c.execution_count === "number" ? c.execution_count - first + 1 : null,
          outputs: c.outputs,
          status: c.metadata.papermill?.status,
          exception: c.metadata.papermill?.exception,
        }
      : {}),
  }));
}
