// kernel/display: how notebooks show figures, tables, metrics and progress. Inside the (patched)
// mfg-lab tslab kernel every call is ONE display output carrying all its MIME types; with stock
// tslab only the first MIME type of each bundle is sent; outside a kernel the text goes to stdout.
import { randomBytes } from "node:crypto";
import { figureBundle, FigureLike, metricsBundle, tableBundle } from "./bundles";
import { claimPlotlyJs } from "./plotly-js";
import { kernelApi, showBundle } from "./runtime";

export {
  escapeHtml,
  figureBundle,
  METRICS_MIME,
  metricsBundle,
  PLOTLY_MIME,
  progressBundle,
  tableBundle,
  tableCells,
  validateMetrics,
} from "./bundles";
export type { FigureLike, FrameLike, MimeBundle, Row } from "./bundles";
export { figureHtml, withStaticImage } from "./figure-html";
export type { FigureHtmlOptions } from "./figure-html";
export { claimPlotlyJs, PLOTLY_READY_EVENT, plotlyJsSource, plotlyLoaderScript, resetPlotlyJs } from "./plotly-js";
export { inKernel, kernelApi, sendBundle, showBundle } from "./runtime";
export type { TslabDisplay } from "./runtime";
export { progress } from "./progress";
export type { Progress, ProgressOptions } from "./progress";

/**
 * Shows a Plotly figure: application/vnd.plotly.v1+json + a text/html fallback that draws it (the
 * first figure of a kernel session carries plotly.js) + text/plain. Each figure gets its own div id.
 */
export function showFigure(fig: FigureLike): void {
  const id = `mfg-lab-figure-${randomBytes(6).toString("hex")}`;
  // Only a kernel's front end can use plotly.js; a plain script prints the text line.
  const withPlotlyJs = kernelApi() !== null && claimPlotlyJs();
  showBundle(figureBundle(fig, id, { withPlotlyJs }));
}

/** Shows a danfo DataFrame or an array of row objects: text/html table + text/plain. */
export function showTable(table: unknown, opts: { readonly maxRows?: number } = {}): void {
  showBundle(tableBundle(table, opts.maxRows));
}

/**
 * Emits the notebook's metrics (flat name -> finite number) as application/vnd.mfg-lab.metrics+json
 * plus a compact HTML table and a one-line JSON text/plain; the executor copies the last one into
 * summary.json.
 * Throws naming the first key whose value is not a finite number.
 */
export function emitMetrics(metrics: Readonly<Record<string, number>>): void {
  showBundle(metricsBundle(metrics));
}
export * from "./sweep";
