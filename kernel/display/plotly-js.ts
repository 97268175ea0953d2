// plotly.js for front ends that have no renderer for the Plotly MIME type (classic Notebook,
// JupyterLab without the plotly extension): read from the package we ship (no network), inlined
// into the first figure of each kernel session, as Plotly's own offline notebook mode does.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Fired on window once plotly.js is loaded; figures drawn before it wait for it. */
export const PLOTLY_READY_EVENT = "mfg-lab-plotly-ready";

let source: string | undefined;

/** plotly.js-dist-min's bundle, read once per process. */
export function plotlyJsSource(): string {
  source ??= readFileSync(join(dirname(require.resolve("plotly.js-dist-min/package.json")), "plotly.min.js"), "utf8");
  return source;
}

/**
 * A <script> that defines window.Plotly unless the page already has it, then fires PLOTLY_READY_EVENT.
 * The bundle runs against a private `module`: its UMD header then takes the CommonJS branch, so it
 * neither leaks a global nor calls the classic Notebook's require.js `define` anonymously (which
 * require.js rejects). PlotlyConfig keeps plotly from reconfiguring the notebook's own MathJax.
 */
export function plotlyLoaderScript(js: string = plotlyJsSource()): string {
  const body = js.replace(/<\/(script)/gi, "<\\/$1");
  return `<script type="text/javascript">(function(){if(!window.Plotly){` +
    `window.PlotlyConfig=window.PlotlyConfig||{MathJaxConfig:"local"};` +
    `var module={exports:{}},exports=module.exports;\n${body}\n` +
    `window.Plotly=window.Plotly||module.exports;}` +
    `window.dispatchEvent(new Event(${JSON.stringify(PLOTLY_READY_EVENT)}));})();</script>`;
}

// On globalThis rather than in this module, so a module reload inside the kernel does not inline
// plotly.js a second time; a new kernel process (restart) starts again from false.
const SENT = Symbol.for("mfg-lab.display.plotly-js-sent");

/** True exactly once per process: the caller then inlines plotly.js into the figure it shows. */
export function claimPlotlyJs(): boolean {
  const host = globalThis as { [SENT]?: boolean };
  if (host[SENT] === true) return false;
  host[SENT] = true;
  return true;
}

/** Forgets that plotly.js was sent (tests; a front end that lost the output carrying it). */
export function resetPlotlyJs(): void {
  delete (globalThis as { [SENT]?: boolean })[SENT];
}
