// The text/html representation of a figure: a real, interactive Plotly figure in front ends that
// run the scripts of trusted HTML outputs (classic Notebook 6, JupyterLab without the plotly
// extension, VS Code), and a static placeholder everywhere else (untrusted notebooks, sanitisers
// strip scripts): the figure's PNG when `--png` added one, else its one-line summary.
import { escapeHtml } from "./escape";
import { PLOTLY_READY_EVENT, plotlyLoaderScript } from "./plotly-js";

const STATIC_CLASS = "mfg-lab-figure-static";
// Our own markup: the summary is escaped text or, once a PNG was added, one <img> whose alt is it.
const STATIC_BLOCK = new RegExp(`<div class="${STATIC_CLASS}">([^<]*|<img [^>]*alt="([^"]*)">)</div>`);

/** Plotly's config defaults for notebook figures (the figure's own config wins). */
const DEFAULT_CONFIG = { responsive: true, displaylogo: false };

/** JSON inside a <script>: `<`, U+2028 and U+2029 escaped so the data can never end the script. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * Draws once its div is in the page and plotly.js is loaded. The classic Notebook runs an output's
 * scripts before it attaches the output to the page, hence the short wait for the element; a page
 * that renders a later output before the one carrying plotly.js (JupyterLab's lazy windowing)
 * waits for the loader's event instead.
 */
function drawScript(id: string, spec: unknown): string {
  return `<script type="text/javascript">(function(){var id=${JSON.stringify(id)},fig=${scriptJson(spec)},tries=0;` +
    `function draw(){var el=document.getElementById(id);` +
    `if(!el){if(++tries<400)setTimeout(draw,25);return;}` +
    `if(!window.Plotly){window.addEventListener(${JSON.stringify(PLOTLY_READY_EVENT)},draw,{once:true});return;}` +
    `if(el.getAttribute("data-drawn"))return;el.setAttribute("data-drawn","1");el.textContent="";` +
    `window.Plotly.newPlot(el,fig.data,fig.layout||{},Object.assign(${JSON.stringify(DEFAULT_CONFIG)},fig.config||{}));}` +
    `draw();})();</script>`;
}

export interface FigureHtmlOptions {
  /** Inline plotly.js before the figure (the first figure of a kernel session). */
  readonly withPlotlyJs?: boolean;
}

/** The HTML fallback of one figure drawn into the div `id` (unique per figure). */
export function figureHtml(spec: unknown, id: string, summary: string, opts: FigureHtmlOptions = {}): string {
  return `<div id="${escapeHtml(id)}" class="mfg-lab-figure"><div class="${STATIC_CLASS}">${escapeHtml(summary)}</div></div>\n` +
    (opts.withPlotlyJs === true ? `${plotlyLoaderScript()}\n` : "") +
    drawScript(id, spec);
}

/**
 * Puts a PNG rendering into a figure's static placeholder, so that the figure shows where its
 * scripts do not run. Returns undefined when `html` is not our figure fallback.
 */
export function withStaticImage(html: string, pngBase64: string): string | undefined {
  const match = STATIC_BLOCK.exec(html);
  if (match === null) return undefined;
  const summary = match[2] ?? match[1] ?? ""; // already escaped
  const img = `<img src="data:image/png;base64,${pngBase64.replace(/\s/g, "")}" alt="${summary}">`;
  return html.replace(STATIC_BLOCK, () => `<div class="${STATIC_CLASS}">${img}</div>`);
}
