// Pure builders of Jupyter display bundles (MIME type -> content). No I/O, so they unit-test directly.

import { escapeHtml } from "./escape";
import { figureHtml, type FigureHtmlOptions } from "./figure-html";
import { METRICS_MIME, PLOTLY_MIME } from "./mime";

export { escapeHtml } from "./escape";
export { METRICS_MIME, PLOTLY_MIME } from "./mime";

export type MimeBundle = Readonly<Record<string, unknown>>;

/** Structural Plotly figure (src/plots' Figure satisfies it): traces + layout. */
export interface FigureLike {
  readonly data: readonly unknown[];
  readonly layout?: Readonly<Record<string, unknown>>;
  readonly config?: Readonly<Record<string, unknown>>;
}

export type Row = Readonly<Record<string, unknown>>;

/** The parts of a danfo DataFrame a table needs (duck-typed: kernel/ does not load danfo). */
export interface FrameLike {
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[] | readonly unknown[];
}

function figureTitle(fig: FigureLike): string {
  const title = fig.layout?.["title"];
  if (typeof title === "string") return title;
  if (typeof title === "object" && title !== null && typeof (title as { text?: unknown }).text === "string") {
    return (title as { text: string }).text;
  }
  return "";
}

function traceTypes(fig: FigureLike): string[] {
  return fig.data.map((t) => {
    const type = typeof t === "object" && t !== null ? (t as { type?: unknown }).type : undefined;
    return typeof type === "string" ? type : "scatter";
  });
}

/**
 * Bundle for a Plotly figure: the plotly MIME (JupyterLab's extension, VS Code), an HTML fallback
 * that draws the figure where that MIME has no renderer (see figure-html.ts), and a text line.
 */
export function figureBundle(fig: FigureLike, id = "mfg-lab-figure", opts: FigureHtmlOptions = {}): MimeBundle {
  if (typeof fig !== "object" || fig === null || !Array.isArray(fig.data)) {
    throw new Error("showFigure(fig): fig must be a Plotly figure {data: [...], layout?}");
  }
  const spec = { data: fig.data, layout: fig.layout ?? {}, ...(fig.config ? { config: fig.config } : {}) };
  const title = figureTitle(fig);
  const types = traceTypes(fig);
  const summary = `Figure${title === "" ? "" : ` "${title}"`}: ${types.length} trace(s)` +
    (types.length > 0 ? ` (${[...new Set(types)].join(", ")})` : "");
  return { [PLOTLY_MIME]: spec, "text/html": figureHtml(spec, id, summary, opts), "text/plain": summary };
}

/** `digits` significant digits, trailing zeros dropped; integers (step counts) as they are. */
function formatNumber(v: number, digits: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(digits)));
}

function formatCell(v: unknown): string {
  if (typeof v === "number") return formatNumber(v, 6);
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function isFrameLike(x: unknown): x is FrameLike {
  return typeof x === "object" && x !== null && !Array.isArray(x) &&
    Array.isArray((x as FrameLike).columns) && Array.isArray((x as FrameLike).values);
}

/** Columns + string cells from a danfo DataFrame (or lookalike) or an array of row objects. */
export function tableCells(input: unknown): { columns: string[]; rows: string[][] } {
  if (isFrameLike(input)) {
    const columns = input.columns.map(String);
    const rows = input.values.map((r) => (Array.isArray(r) ? r : [r]).map(formatCell));
    return { columns, rows };
  }
  if (!Array.isArray(input)) {
    throw new Error("showTable(table): expected a danfo DataFrame or an array of row objects");
  }
  const columns: string[] = [];
  input.forEach((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new Error(`showTable(table): row ${i} is not an object`);
    }
    for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
  });
  const rows = (input as Row[]).map((row) => columns.map((c) => formatCell(row[c])));
  return { columns, rows };
}

/** Keeps the first and last rows of long tables, with a marker row in between. */
function elide(rows: string[][], maxRows: number, width: number): string[][] {
  if (rows.length <= maxRows) return rows;
  const head = Math.ceil(maxRows / 2);
  const tail = maxRows - head;
  const marker = [`… ${rows.length - maxRows} more rows`, ...Array<string>(Math.max(0, width - 1)).fill("")];
  return [...rows.slice(0, head), marker, ...rows.slice(rows.length - tail)];
}

/** Bundle for a table: HTML table + aligned plain text (both elided beyond maxRows rows). */
export function tableBundle(input: unknown, maxRows = 60): MimeBundle {
  const { columns, rows: all } = tableCells(input);
  const rows = elide(all, maxRows, columns.length);
  const th = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n");
  const html = `<table class="mfg-lab-table">\n<thead><tr>${th}</tr></thead>\n<tbody>\n${trs}\n</tbody>\n</table>`;
  const widths = columns.map((c, j) => Math.max(c.length, ...rows.map((r) => (r[j] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, j) => c.padStart(widths[j] ?? 0)).join("  ").trimEnd();
  const text = [line(columns), ...rows.map(line)].join("\n");
  return { "text/html": html, "text/plain": text };
}

/** Checks a flat name -> finite number object; the error names the offending key. */
export function validateMetrics(metrics: unknown): Record<string, number> {
  if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) {
    throw new Error("emitMetrics(metrics): expected a flat object of name -> finite number");
  }
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (key.trim() === "") throw new Error("emitMetrics(metrics): empty metric name");
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(`emitMetrics(metrics): metric "${key}" must be a finite number, got ${formatBad(value)}`);
    }
    out[key] = value;
  }
  return out;
}

function formatBad(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  return v === null ? "null" : typeof v;
}

/** A compact name | value table (4 significant digits); each cell's title keeps the full value for copying. */
function metricsTable(metrics: Readonly<Record<string, number>>): string {
  const rows = Object.entries(metrics).map(([k, v]) =>
    `<tr><th style="text-align:left">${escapeHtml(k)}</th>` +
    `<td style="text-align:right;font-variant-numeric:tabular-nums" title="${v}">${escapeHtml(formatNumber(v, 4))}</td></tr>`);
  return `<table class="mfg-lab-metrics">\n<caption style="text-align:left">metrics</caption>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table>`;
}

/**
 * Bundle for metrics: the machine-readable MIME the executor collects, a compact HTML table for
 * people, and the full-precision JSON line as text (logs, plain front ends).
 */
export function metricsBundle(metrics: unknown): MimeBundle {
  const valid = validateMetrics(metrics);
  return { [METRICS_MIME]: valid, "text/html": metricsTable(valid), "text/plain": JSON.stringify(valid) };
}

/** Bundle for a progress line. */
export function progressBundle(label: string, text: string): MimeBundle {
  return { "text/plain": text === "" ? label : `${label}: ${text}` };
}
