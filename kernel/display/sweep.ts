// A notebook reads a sweep's DIR/aggregate.json (written by `mfg-lab sweep`) to show results over
// seeds: mean ± std tables, and a mean line with ±std and 95%-interval bands along one grid axis.
import { readFileSync } from "node:fs";
import type { Aggregate, GroupAggregate } from "../sweep/types";
import type { FigureLike, Row } from "./bundles";
import { tableBundle, figureBundle } from "./bundles";
import { showBundle } from "./runtime";

export type { Aggregate, GroupAggregate } from "../sweep/types";

/** Reads and checks an aggregate.json; the error names the file and what is wrong. */
export function loadAggregate(path: string): Aggregate {
  let agg: Partial<Aggregate>;
  try {
    agg = JSON.parse(readFileSync(path, "utf8")) as Partial<Aggregate>;
  } catch (e) {
    throw new Error(`loadAggregate(${path}): ${(e as Error).message}`);
  }
  if (!Array.isArray(agg.groups) || !Array.isArray(agg.groupBy) || typeof agg.seedParam !== "string") {
    throw new Error(`loadAggregate(${path}): not an aggregate.json of mfg-lab sweep (needs groups, groupBy, seedParam)`);
  }
  return agg as Aggregate;
}

const num = (v: number | null | undefined, digits: number): string => (v === null || v === undefined ? "—" : v.toPrecision(digits));

export interface AggregateTableOptions {
  /** the metrics to show, in this order (default: all, first-seen order) */
  readonly metrics?: readonly string[];
  readonly digits?: number;
}

/** One row per group: its grid values, n, and "mean ± std" per metric. */
export function aggregateRows(agg: Aggregate, opts: AggregateTableOptions = {}): Row[] {
  const metrics = opts.metrics ?? [...new Set(agg.groups.flatMap((g) => Object.keys(g.metrics)))];
  const digits = opts.digits ?? 3;
  return agg.groups.map((g) => {
    const row: Record<string, unknown> = { ...g.params };
    row["n"] = Math.max(0, ...metrics.map((m) => g.metrics[m]?.n ?? 0));
    for (const m of metrics) {
      const s = g.metrics[m];
      if (s === undefined) throw new Error(`aggregate group ${g.group} has no metric ${m}; it has ${Object.keys(g.metrics).join(", ") || "none"}`);
      row[m] = `${num(s.mean, digits)} ± ${num(s.std, 2)}`;
    }
    if (g.failed.length > 0) row["failed"] = g.failed.length;
    return row;
  });
}

/** Shows the mean ± std table (over the seed axis) of a sweep. */
export function showAggregate(agg: Aggregate | string, opts: AggregateTableOptions = {}): void {
  showBundle(tableBundle(aggregateRows(typeof agg === "string" ? loadAggregate(agg) : agg, opts)));
}

/** Groups sorted by a numeric grid axis, with the metric's summary (groups without it left out). */
function along(agg: Aggregate, axis: string, metric: string): { x: number; g: GroupAggregate }[] {
  if (!agg.groupBy.includes(axis)) throw new Error(`aggregate has no grid axis ${axis}; its groups are by ${agg.groupBy.join(", ") || "nothing (seeds only)"}`);
  return agg.groups
    .filter((g) => g.metrics[metric] !== undefined)
    .map((g) => {
      const x = g.params[axis];
      if (typeof x !== "number") throw new Error(`grid axis ${axis} is not numeric (group ${g.group})`);
      return { x, g };
    })
    .sort((a, b) => a.x - b.x);
}

/** Mean of `metric` along grid axis `axis`, with a ±std band and the 95% interval as error bars. */
export function aggregateBandFigure(agg: Aggregate, axis: string, metric: string, opts: { readonly title?: string; readonly logY?: boolean } = {}): FigureLike {
  const pts = along(agg, axis, metric);
  const x = pts.map((p) => p.x);
  const s = pts.map((p) => p.g.metrics[metric] as NonNullable<GroupAggregate["metrics"][string]>);
  const mean = s.map((v) => v.mean);
  const band = (sign: number): number[] => s.map((v) => v.mean + sign * (v.std ?? 0));
  const ci = s.map((v) => (v.ci95 === null ? 0 : v.ci95[1] - v.mean));
  return {
    data: [
      { type: "scatter", mode: "lines", x, y: band(-1), line: { width: 0 }, showlegend: false, hoverinfo: "skip" },
      { type: "scatter", mode: "lines", x, y: band(1), line: { width: 0 }, fill: "tonexty", fillcolor: "rgba(31,119,180,0.2)", name: "± std" },
      { type: "scatter", mode: "lines+markers", x, y: mean, name: `mean (n = ${s.map((v) => v.n).join("/")})`, error_y: { type: "data", array: ci, visible: true } },
    ],
    layout: {
      title: { text: opts.title ?? `${metric} over ${agg.seedParam}s` },
      xaxis: { title: { text: axis } },
      yaxis: { title: { text: metric }, ...(opts.logY === true ? { type: "log" } : {}) },
    },
  };
}

export function showAggregateBand(agg: Aggregate | string, axis: string, metric: string, opts: { readonly title?: string; readonly logY?: boolean } = {}): void {
  showBundle(figureBundle(aggregateBandFigure(typeof agg === "string" ? loadAggregate(agg) : agg, axis, metric, opts)));
}
