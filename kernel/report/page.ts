import { pageAssets } from "./assets";
import { html, trusted, type Safe } from "./html";
import { highlight, renderMarkdown } from "./markdown";
import { joinText, renderOutput, type Output, type RenderContext } from "./outputs";

export interface ReportCell {
  readonly cell_type: "code" | "markdown" | "raw";
  readonly source: string | readonly string[];
  readonly outputs?: readonly Output[];
  readonly execution_count?: number | null;
  readonly metadata?: { readonly tags?: readonly string[] };
}

export interface ReportNotebook {
  readonly cells: readonly ReportCell[];
  readonly metadata?: { readonly language_info?: { readonly name?: string } };
}

export interface PageOptions {
  readonly title: string;
  /** report mode: hide the code of code cells, keep their outputs */
  readonly noInput?: boolean;
  /** a line under the title, e.g. "ok · 12.3 s · executed 2026-11-30" */
  readonly subtitle?: string;
}

const hasTag = (cell: ReportCell, tag: string): boolean => cell.metadata?.tags?.includes(tag) ?? false;

function renderInput(cell: ReportCell, language: string): Safe {
  const count = cell.execution_count ?? " ";
  return html`<div class="input"><div class="prompt">In [${count}]:</div><pre class="hljs"><code>${trusted(
    highlight(joinText(cell.source), language),
  )}</code></pre></div>`;
}

function renderCell(cell: ReportCell, opts: PageOptions, language: string, ctx: RenderContext): Safe {
  if (hasTag(cell, "remove-cell")) return html``;
  if (cell.cell_type === "markdown") {
    return html`<section class="cell markdown">${trusted(renderMarkdown(joinText(cell.source)))}</section>`;
  }
  if (cell.cell_type === "raw") return html`<section class="cell raw"><pre>${joinText(cell.source)}</pre></section>`;
  const showInput = !opts.noInput && !hasTag(cell, "remove-input");
  const outputs = hasTag(cell, "remove-output") ? [] : cell.outputs ?? [];
  return html`<section class="cell code">${showInput ? renderInput(cell, language) : ""}${outputs.map(
    (o) => html`<div class="output">${renderOutput(o, ctx)}</div>`,
  )}</section>`;
}

/** Draws every embedded figure; data lives in JSON script tags, so no figure code is inlined. */
const DRAW_FIGURES = `for (const tag of document.querySelectorAll("script[data-figure]")) {
  const fig = JSON.parse(tag.textContent);
  Plotly.newPlot(document.getElementById(tag.dataset.figure), fig.data, fig.layout || {},
    Object.assign({ responsive: true, displaylogo: false }, fig.config || {}));
}`;

/** A self-contained HTML page: CSS, fonts and plotly.js (once, only if there are figures) inline. */
export function renderNotebookPage(nb: ReportNotebook, opts: PageOptions): string {
  const ctx: RenderContext = { figureCount: 0 };
  const language = nb.metadata?.language_info?.name ?? "typescript";
  const body = nb.cells.map((cell) => renderCell(cell, opts, language, ctx));
  const assets = pageAssets();
  const scripts = ctx.figureCount > 0
    ? html`<script>${trusted(assets.plotlyJs)}</script><script>${trusted(DRAW_FIGURES)}</script>`
    : "";
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title><style>${trusted(assets.css)}</style></head>
<body><main><header class="report"><div class="meta">${opts.subtitle ?? ""}</div></header>
${body}</main>${scripts}</body></html>
`.value;
}
