import { html, scriptJson, trusted, type Safe } from "../html";
import { renderMarkdown } from "../markdown";
import { sanitize } from "../sanitize";
import { ansiToHtml } from "./stream";
import { joinText, type RenderContext, type RichOutput } from "./types";
import katex from "katex";

import { METRICS_MIME, PLOTLY_MIME } from "../../display/mime";
export { METRICS_MIME, PLOTLY_MIME };

type MimeRenderer = (value: unknown, ctx: RenderContext) => Safe;

function renderPlotly(value: unknown, ctx: RenderContext): Safe {
  ctx.figureCount += 1;
  const id = `figure-${ctx.figureCount}`;
  return html`<div class="plotly-figure" id="${id}"></div><script type="application/json" data-figure="${id}">${scriptJson(value)}</script>`;
}

function renderMetrics(value: unknown): Safe {
  const rows = Object.entries((value ?? {}) as Record<string, unknown>);
  return html`<table class="metrics"><tr><th>metric</th><th>value</th></tr>${rows.map(
    ([name, v]) => html`<tr><td>${name}</td><td>${typeof v === "number" ? v.toPrecision(6) : String(v)}</td></tr>`,
  )}</table>`;
}

const base64Text = (value: unknown): string => joinText(value).replace(/\s/g, "");

function dataUrlImage(mime: string, encode = base64Text): MimeRenderer {
  return (value) => html`<img src="data:${mime};base64,${encode(value)}" alt="">`;
}

/** Renderers in order of preference: the richest representation a bundle carries wins. */
const RENDERERS: ReadonlyArray<readonly [string, MimeRenderer]> = [
  [PLOTLY_MIME, renderPlotly],
  [METRICS_MIME, renderMetrics],
  ["text/html", (v) => trusted(sanitize(joinText(v)))],
  ["image/svg+xml", dataUrlImage("image/svg+xml", (v) => Buffer.from(joinText(v)).toString("base64"))],
  ["image/png", dataUrlImage("image/png")],
  ["image/jpeg", dataUrlImage("image/jpeg")],
  ["text/markdown", (v) => trusted(renderMarkdown(joinText(v)))],
  ["text/latex", (v) => trusted(katex.renderToString(joinText(v).replace(/^\$+|\$+$/g, ""), { displayMode: true, throwOnError: false }))],
  ["application/json", (v) => html`<pre>${JSON.stringify(v, null, 2)}</pre>`],
  ["text/plain", (v) => html`<pre>${ansiToHtml(joinText(v))}</pre>`],
];

export function renderRich(output: RichOutput, ctx: RenderContext): Safe {
  for (const [mime, render] of RENDERERS) {
    if (mime in output.data) return render(output.data[mime], ctx);
  }
  const types = Object.keys(output.data).join(", ") || "none";
  return html`<pre class="stderr">[no renderable MIME type in this output: ${types}]</pre>`;
}
