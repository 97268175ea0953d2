import { pageAssets } from "./assets";
import { html, trusted } from "./html";

/** One row of `<out>/summary.json` (the executor's contract), plus the report page's file name. */
export interface IndexEntry {
  readonly notebook: string;
  readonly status: string;
  readonly seconds: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** not executed this time: a cache hit */
  readonly cached?: boolean;
  /** the report page, relative to the index; undefined when the notebook left no executed copy */
  readonly href: string | undefined;
  /** the notebook's seed sweep (`npm run notebooks:seeds`: `seeds/<name>/index.html`), relative to the index, when present */
  readonly seedsHref?: string;
}

function formatMetrics(metrics: Readonly<Record<string, number>>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} = ${Number.isInteger(v) ? v : v.toPrecision(4)}`)
    .join("\n");
}

export function renderIndexPage(entries: readonly IndexEntry[], title = "MFG lab — notebook reports"): string {
  const rows = entries.map(
    (e) => html`<tr><td>${e.href === undefined ? e.notebook : html`<a href="${e.href}">${e.notebook}</a>`}</td>
<td class="status-${e.status === "ok" ? "ok" : "failed"}">${e.status}${e.cached === true ? " (cached)" : ""}</td><td>${e.seconds.toFixed(1)} s</td>
<td><pre class="metrics">${formatMetrics(e.metrics)}</pre></td>
<td>${e.seedsHref === undefined ? "" : html`<a href="${e.seedsHref}">seeds</a>`}</td></tr>`,
  );
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${trusted(pageAssets().baseCss)}</style></head>
<body><main><h1>${title}</h1>
<table class="index"><tr><th>notebook</th><th>status</th><th>wall time</th><th>metrics</th><th>over seeds</th></tr>${rows}</table>
</main></body></html>
`.value;
}
