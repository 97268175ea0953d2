// The data a sweep writes (sweep.json rows, aggregate.json), in a file of types only: notebooks
// read aggregates through kernel/display, and tslab type-checks everything a notebook imports.
import type { Json } from "../nbformat/types";
import type { Summary } from "./stats";

export type Engine = "local" | "slurm";

/** One row of DIR/sweep.json. */
export interface SweepRow {
  readonly run: string;
  readonly params: Readonly<Record<string, Json>>;
  readonly status: "ok" | "failed";
  readonly seconds: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly executedPath: string;
  readonly engine: Engine;
  /** not executed by this invocation: a completed run with the same cache key was in DIR */
  readonly cached: boolean;
  readonly error?: string;
  /** the array task and its final Slurm state (engine slurm, executed runs) */
  readonly slurm?: { readonly jobId: string; readonly state: string };
}

export interface GroupAggregate {
  /** `lr=0.01,width=32`, or "all" when the grid has only the seed axis */
  readonly group: string;
  readonly params: Readonly<Record<string, Json>>;
  readonly runs: readonly string[];
  readonly failed: readonly string[];
  readonly metrics: Readonly<Record<string, Summary>>;
}

export interface Aggregate {
  readonly notebook: string;
  readonly seedParam: string;
  /** the grid axes that define the groups, in grid order */
  readonly groupBy: readonly string[];
  readonly groups: readonly GroupAggregate[];
}

