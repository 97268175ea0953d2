// DIR/sweep.json rows and DIR/aggregate.json: per group (the grid minus the seed axis) and per
// metric, the summary statistics over the group's successful runs, and the runs that failed.
import type { Json } from "../nbformat/types";
import { pointId } from "./grid";
import { Summary, summarize } from "./stats";
import type { Aggregate, GroupAggregate, SweepRow } from "./types";

export type { Aggregate, GroupAggregate, SweepRow } from "./types";

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
