// DIR/index.html of a sweep, through the report code: a report page per executed run, then one
// page laid out as a notebook (markdown tables, one Plotly box-and-points figure per metric) and
// rendered by renderNotebookPage, so it is self-contained and offline like every other report.
import { basename, join } from "node:path";
import { writeFileAtomic } from "../nbformat";
import { renderNotebookPage, ReportCell, writeReportPages } from "../report";
import type { Aggregate, SweepRow } from "./aggregate";
import type { Summary } from "./stats";

interface Report {
  readonly rows: readonly SweepRow[];
  readonly aggregate: Aggregate;
}

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? "—" : Number.isInteger(v) ? String(v) : v.toPrecision(4));
/** Markdown table cells: pipes split cells, `$` starts math, `<` could open a tag. */
const cell = (text: string): string => text.replace(/[|$\\]/g, (c) => `\\${c}`).replace(/</g, "&lt;");
const href = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

function markdown(text: string): ReportCell {
  return { cell_type: "markdown", source: text };
}

function figureCell(fig: unknown): ReportCell {
  return { cell_type: "code", source: "", metadata: { tags: ["remove-input"] }, outputs: [{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig } }] };
}

function metricNames(agg: Aggregate): string[] {
  return [...new Set(agg.groups.flatMap((g) => Object.keys(g.metrics)))];
}

function statsTable(agg: Aggregate, metric: string): string {
  const head = "| group | n | mean ± std | 95% CI of the mean | median | min | max | failed |\n|---|---|---|---|---|---|---|---|";
  const lines = agg.groups.map((g) => {
    const s: Summary | undefined = g.metrics[metric];
    const ci = s?.ci95 === null || s?.ci95 === undefined ? "—" : `[${fmt(s.ci95[0])}, ${fmt(s.ci95[1])}]`;
    const failed = g.failed.length === 0 ? "0" : `${g.failed.length} (${g.failed.join("; ")})`;
    return `| ${cell(g.group)} | ${s?.n ?? 0} | ${fmt(s?.mean)} ± ${fmt(s?.std)} | ${ci} | ${fmt(s?.median)} | ${fmt(s?.min)} | ${fmt(s?.max)} | ${cell(failed)} |`;
  });
  return [head, ...lines].join("\n");
}

/** One box per group with every run as a point (a strip plot on a box); log axis over > 2 decades. */
export function metricFigure(agg: Aggregate, rows: readonly SweepRow[], metric: string): unknown {
  const byRun = new Map(rows.map((r) => [r.run, r]));
  const values = rows.filter((r) => r.status === "ok").map((r) => r.metrics[metric]).filter((v): v is number => typeof v === "number");
  const log = values.length > 0 && values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) > 100;
  const data = agg.groups.map((g) => {
    const ok = g.runs.map((id) => byRun.get(id)).filter((r): r is SweepRow => r?.status === "ok" && typeof r.metrics[metric] === "number");
    return {
      type: "box", name: g.group, y: ok.map((r) => r.metrics[metric]), text: ok.map((r) => r.run),
      boxpoints: "all", jitter: 0.4, pointpos: 0, hovertemplate: "%{text}: %{y}<extra></extra>",
    };
  });
  return { data, layout: { title: { text: metric }, showlegend: false, yaxis: { title: { text: metric }, type: log ? "log" : "linear" }, margin: { t: 40 } } };
}

function runsTable(rows: readonly SweepRow[], hrefs: ReadonlyMap<string, string | undefined>, metrics: readonly string[]): string {
  const head = `| run | status | engine | seconds | ${metrics.map(cell).join(" | ")} |\n|---|---|---|---|${metrics.map(() => "---|").join("")}`;
  const lines = rows.map((r) => {
    const link = hrefs.get(r.run);
    const name = link === undefined ? cell(r.run) : `[${cell(r.run)}](${href(link)})`;
    const status = `${r.status}${r.cached ? " (cached)" : ""}${r.slurm === undefined ? "" : ` · ${r.slurm.jobId} ${r.slurm.state}`}`;
    return `| ${name} | ${cell(status)} | ${r.engine} | ${r.seconds.toFixed(1)} | ${metrics.map((m) => fmt(r.metrics[m])).join(" | ")} |`;
  });
  return [head, ...lines].join("\n");
}

/** Writes each run's report page next to its executed copy, then DIR/index.html. */
export async function writeSweepReport(dir: string, report: Report): Promise<string> {
  const { rows, aggregate: agg } = report;
  const runs = rows.map((r) => ({ notebook: r.run, executedPath: r.executedPath, status: r.status, seconds: r.seconds, metrics: r.metrics, cached: r.cached }));
  const { entries } = await writeReportPages(dir, runs, { noInput: true });
  const hrefs = new Map(entries.map((e) => [e.notebook, e.href]));
  const metrics = metricNames(agg);
  const failed = rows.filter((r) => r.status !== "ok").length;
  const cells: ReportCell[] = [
    markdown(`# Sweep of ${cell(basename(agg.notebook))}\n\n${rows.length} run(s), ${failed} failed; groups by ${cell(agg.groupBy.join(", ") || "(none: seeds only)")}, repeated over ${cell(agg.seedParam)}. Statistics over the successful runs of each group; the 95% interval of the mean uses Student's t.`),
    ...metrics.flatMap((m) => [markdown(`## ${cell(m)}\n\n${statsTable(agg, m)}`), figureCell(metricFigure(agg, rows, m))]),
    markdown(`## Runs\n\n${runsTable(rows, hrefs, metrics)}`),
  ];
  const page = renderNotebookPage({ cells }, { title: `Sweep of ${basename(agg.notebook, ".ipynb")}`, subtitle: `${rows.length} runs · ${agg.groups.length} group(s)`, noInput: true });
  const path = join(dir, "index.html");
  await writeFileAtomic(path, page);
  return path;
}
