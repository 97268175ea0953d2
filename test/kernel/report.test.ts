import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { html, trusted } from "../../kernel/report/html";
import { renderMarkdown } from "../../kernel/report/markdown";
import { publishReports, renderIndexPage, renderNotebookPage, type ReportNotebook } from "../../kernel/report";
import { figureBundle, metricsBundle, plotlyJsSource } from "../../kernel/display";

const FIXTURE = join(__dirname, "..", "fixtures", "report-all-output-types.ipynb");
const fixture = (): ReportNotebook => JSON.parse(readFileSync(FIXTURE, "utf8")) as ReportNotebook;
const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe("report HTML", () => {
  const page = renderNotebookPage(fixture(), { title: "fixture <1>", subtitle: "ok · 1.0 s" });

  it("escapes interpolated text and keeps trusted markup", () => {
    assert.equal(html`<p>${"<b>&"}</p>`.value, "<p>&lt;b&gt;&amp;</p>");
    assert.equal(html`<p>${trusted("<b>x</b>")}</p>`.value, "<p><b>x</b></p>");
    assert.match(page, /<title>fixture &lt;1&gt;<\/title>/);
  });

  it("renders math at build time and sanitises markdown", () => {
    const md = renderMarkdown("$e^{-x}$\n<script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">l</a>");
    assert.match(md, /class="katex"/);
    assert.doesNotMatch(md, /<script|onclick|javascript:/);
  });

  it("escapes stream text and converts ANSI colours", () => {
    assert.match(page, /&lt;b&gt;not bold&lt;\/b&gt;/);
    assert.match(page, /<span style="color:rgb\(0,187,0\)">green text<\/span>/);
    assert.match(page, /<pre class="stderr">a warning/);
  });

  it("renders errors with their traceback, escaped", () => {
    assert.match(page, /<pre class="error"><span style="color:rgb\(187,0,0\)">Error: boom &lt;tag&gt;<\/span>/);
  });

  it("embeds plotly.js once and one container per figure, preferring Plotly over HTML", () => {
    assert.equal(count(page, 'class="plotly-figure"'), 2);
    assert.equal(count(page, "Plotly.newPlot("), 1);
    assert.equal(count(page, "<div>fallback</div>"), 0);
    assert.ok(page.includes("plotly.js v"), "the plotly.js bundle is inlined");
  });

  it("prefers the Plotly MIME over our HTML fallback, so plotly.js is not embedded twice", () => {
    // What the kernel sends: the session's first figure carries plotly.js in its HTML fallback.
    const output = (data: Readonly<Record<string, unknown>>) => ({ output_type: "display_data" as const, data, metadata: {} });
    const nb: ReportNotebook = { cells: [{ cell_type: "code", source: "", outputs: [
      output(figureBundle({ data: [{ type: "scatter", y: [1, 2] }] }, "f1", { withPlotlyJs: true })),
      output(figureBundle({ data: [{ type: "bar", y: [3] }] }, "f2")),
      output(metricsBundle({ rel_l2_error: 0.00123456 })),
    ] }] };
    const two = renderNotebookPage(nb, { title: "kernel figures" });
    assert.equal(count(two, plotlyJsSource().trim().slice(-60)), 1, "plotly.js exactly once");
    assert.equal(count(two, 'class="plotly-figure"'), 2);
    assert.equal(count(two, "mfg-lab-figure"), 0, "the HTML fallback is not used");
    assert.match(two, /<table class="metrics"><tr><th>metric<\/th><th>value<\/th><\/tr><tr><td>rel_l2_error<\/td><td>0.00123456<\/td>/);
    assert.equal(count(two, "mfg-lab-metrics"), 0, "the metrics MIME wins over its HTML table");
  });

  it("sanitises HTML outputs, keeps tables, images, JSON and metrics", () => {
    assert.match(page, /<table><tr><th>step<\/th>/);
    assert.equal(count(page, "window.__injected"), 0);
    assert.match(page, /<img src="data:image\/png;base64,iVBOR/);
    assert.match(page, /&quot;a&quot;: \[/);
    assert.match(page, /<td>rel_l2_error<\/td><td>0.00100000<\/td>/);
  });

  it("loads nothing from the network", () => {
    assert.doesNotMatch(page, /<(script|link|img)[^>]+(src|href)="(https?:)?\/\//);
    assert.doesNotMatch(page, /url\((https?:)?\/\//);
  });

  it("hides code in report mode (--no-input) but keeps outputs", () => {
    const report = renderNotebookPage(fixture(), { title: "r", noInput: true });
    assert.equal(count(report, 'class="input"'), 0);
    assert.ok(count(page, 'class="input"') >= 5);
    assert.equal(count(report, 'class="plotly-figure"'), 2);
  });

  it("leaves plotly.js out of pages without figures", () => {
    const plain = renderNotebookPage({ cells: [{ cell_type: "markdown", source: "# t" }] }, { title: "t" });
    assert.ok(!plain.includes("plotly.js v"));
  });

  it("lists notebooks with status, time, metrics and links in the index", () => {
    const index = renderIndexPage([
      { notebook: "notebooks/01-a.ipynb", status: "ok", seconds: 12.34, metrics: { err: 0.00123 }, href: "01-a.html" },
      { notebook: "notebooks/02-<b>.ipynb", status: "failed", seconds: 1, metrics: {}, href: "02-b.html", seedsHref: "seeds/02-b/index.html" },
    ]);
    assert.match(index, /<a href="seeds\/02-b\/index.html">seeds<\/a>/);
    assert.equal(index.match(/>seeds<\/a>/g)?.length, 1, "only the notebook with a seed sweep links one");
    assert.match(index, /<a href="01-a.html">notebooks\/01-a.ipynb<\/a>/);
    assert.match(index, /class="status-failed">failed/);
    assert.match(index, /12.3 s/);
    assert.match(index, /err = 0.001230/);
    assert.match(index, /02-&lt;b&gt;/);
  });

  it("publishReports links a notebook's seed sweep when reports/seeds/<name>/index.html exists", async () => {
    const out = mkdtempSync(join(tmpdir(), "mfg-report-seeds-"));
    try {
      const run = (name: string) => {
        const executedPath = join(out, `${name}.ipynb`);
        writeFileSync(executedPath, JSON.stringify({ cells: [{ cell_type: "markdown", source: "# t" }] }));
        return { notebook: `notebooks/${name}.ipynb`, executedPath, status: "ok", seconds: 1, metrics: {} };
      };
      mkdirSync(join(out, "seeds", "01-a"), { recursive: true });
      writeFileSync(join(out, "seeds", "01-a", "index.html"), "<html></html>");
      await publishReports(out, [run("01-a"), run("02-b")]);
      const index = readFileSync(join(out, "index.html"), "utf8");
      assert.match(index, /<a href="seeds\/01-a\/index.html">seeds<\/a>/);
      assert.equal(index.match(/>seeds<\/a>/g)?.length, 1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
