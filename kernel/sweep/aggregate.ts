// DIR/sweep.json rows and DIR/aggregate.json: per group (the grid minus the seed axis) and per
// metric, the summary statistics over the group's successful runs, and the runs that failed.
import type { Json } from "../nbformat/types";
import type { Engine } from "./execute";
import { pointId } from "./grid";
import { Summary, summarize } from "./stats";

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

/** Groups in first-seen (grid) order; metrics in first-seen order; failed runs out of the statistics. */
export function aggregate(notebook: string, rows: readonly SweepRow[], gridNames: readonly string[], seedParam: string): Aggregate {
  const groupBy = gridNames.filter((n) => n !== seedParam);
  const groups = new Map<string, { params: Record<string, Json>; rows: SweepRow[] }>();
  for (const row of rows) {
    const id = pointId(row.params, groupBy);
    const g = groups.get(id) ?? { params: Object.fromEntries(groupBy.map((n) => [n, row.params[n] as Json])), rows: [] };
    g.rows.push(row);
    groups.set(id, g);
  }
  return {
    notebook, seedParam, groupBy,
    groups: [...groups.entries()].map(([group, g]) => {
      const ok = g.rows.filter((r) => r.status === "ok");
      const names = [...new Set(ok.flatMap((r) => Object.keys(r.metrics)))];
      const metrics: Record<string, Summary> = {};
      for (const name of names) {
        const values = ok.map((r) => r.metrics[name]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
        if (values.length > 0) metrics[name] = summarize(values);
      }
      return { group, params: g.params, runs: g.rows.map((r) => r.run), failed: g.rows.filter((r) => r.status !== "ok").map((r) => r.run), metrics };
    }),
  };
}
