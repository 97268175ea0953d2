// Timing and status in metadata, papermill's layout: cells get metadata.papermill
// {start_time, end_time, duration, status, exception}; the notebook gets metadata.papermill
// {input_path, output_path, parameters, start_time, end_time, duration, exception, status}.
// Cell status: "pending" (not reached), "running", "completed", "failed", "skipped".
import type { Cell, Json, Notebook } from "../nbformat/types";

export type CellStatus = "pending" | "running" | "completed" | "failed" | "skipped";

export interface CellTiming { start: Date; end: Date }

export function markCell(cell: Cell, status: CellStatus, timing?: CellTiming, exception = false): void {
  cell.metadata.papermill = {
    start_time: timing?.start.toISOString() ?? null,
    end_time: timing?.end.toISOString() ?? null,
    duration: timing === undefined ? null : (timing.end.getTime() - timing.start.getTime()) / 1000,
    status,
    exception,
  };
}

export interface NotebookRunInfo {
  readonly input: string;
  readonly output: string;
  readonly parameters: Readonly<Record<string, Json>>;
  readonly start: Date;
  readonly end: Date;
  readonly status: "completed" | "failed";
  readonly kernel: string;
}

export function markNotebook(nb: Notebook, r: NotebookRunInfo): void {
  nb.metadata.papermill = {
    input_path: r.input,
    output_path: r.output,
    parameters: r.parameters,
    start_time: r.start.toISOString(),
    end_time: r.end.toISOString(),
    duration: (r.end.getTime() - r.start.getTime()) / 1000,
    exception: r.status === "failed",
    status: r.status,
    kernel_name: r.kernel,
  };
}
