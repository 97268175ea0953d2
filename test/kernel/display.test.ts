import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  claimPlotlyJs,
  emitMetrics,
  figureBundle,
  METRICS_MIME,
  metricsBundle,
  PLOTLY_MIME,
  plotlyJsSource,
  plotlyLoaderScript,
  progress,
  resetPlotlyJs,
  sendBundle,
  showFigure,
  showTable,
  tableBundle,
  TslabDisplay,
  validateMetrics,
  withStaticImage,
} from "../../kernel/display";
import { runNotebook } from "../../kernel/executor";
import { METRICS_MIME as EXECUTOR_METRICS_MIME } from "../../kernel/executor";
import { METRICS_MIME as REPORT_METRICS_MIME, PLOTLY_MIME as REPORT_PLOTLY_MIME } from "../../kernel/report/outputs";

/** A distinctive piece of plotly.js (its last statements), to count how often the bundle is inlined. */
const PLOTLY_TAIL = plotlyJsSource().trim().slice(-60);
const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

/** Runs fn with console.log captured. */
function captureLog(fn: () => void): string[] {
  const lines: string[] = [];
  const orig = console.log;
  console.log = (...args: unknown[]) => { lines.push(args.map(String).join(" ")); };
  try { fn(); } finally { console.log = orig; }
  return lines;
}

describe("kernel/display bundles", () => {
  const fig = { data: [{ type: "scatter", x: [0, 1], y: [1, 2] }, { type: "heatmap", z: [[1]] }], layout: { title: { text: "u(x) </script>" } } };

  it("figureBundle carries plotly JSON, an HTML fallback and text", () => {
    const b = figureBundle(fig, "fig1");
    assert.deepEqual(Object.keys(b), [PLOTLY_MIME, "text/html", "text/plain"]);
    assert.deepEqual(b[PLOTLY_MIME], { data: fig.data, layout: fig.layout });
    assert.equal(b["text/plain"], 'Figure "u(x) </script>": 2 trace(s) (scatter, heatmap)');
    const html = String(b["text/html"]);
    assert.match(html, /<div id="fig1" class="mfg-lab-figure">/);
    // The static placeholder (what untrusted front ends show) is the text line, escaped.
    assert.match(html, /<div class="mfg-lab-figure-static">Figure &#34;u\(x\) &#60;\/script&#62;&#34;: 2 trace\(s\)/);
    // The title must not be able to end the inline script early: one script, whose data parses back.
    assert.equal(count(html, "</script>"), 1);
    const json = /fig=(\{.*?\}),tries=/.exec(html)?.[1] ?? "";
    assert.deepEqual(JSON.parse(json), b[PLOTLY_MIME]);
    assert.match(html, /var id="fig1",fig=/);
    assert.equal(count(html, PLOTLY_TAIL), 0, "plotly.js only when asked");
  });

  it("figureBundle inlines plotly.js before the figure when asked (the session's first figure)", () => {
    const html = String(figureBundle(fig, "fig2", { withPlotlyJs: true })["text/html"]);
    assert.equal(count(html, PLOTLY_TAIL), 1);
    assert.ok(html.indexOf(PLOTLY_TAIL) < html.indexOf('var id="fig2"'), "loader before the drawing script");
    assert.equal(count(html, "</script>"), 2);
  });

  it("the plotly.js loader runs the bundle against a private module and announces itself", () => {
    const loader = plotlyLoaderScript("/* fake bundle */ if (typeof module === 'object' && module.exports) module.exports = { fake: 1 };");
    assert.match(loader, /^<script type="text\/javascript">\(function\(\)\{if\(!window\.Plotly\)/);
    assert.match(loader, /var module=\{exports:\{\}\},exports=module\.exports;/);
    assert.match(loader, /window\.dispatchEvent\(new Event\("mfg-lab-plotly-ready"\)\)/);
    // A bundle containing "</script>" cannot end the loader's script element early.
    assert.equal(count(plotlyLoaderScript('var s = "</script>";'), "</script>"), 1);
    // The real bundle has no such sequence to begin with (inlined verbatim but for that escape).
    assert.equal(count(plotlyJsSource(), "</script"), 0);
  });

  it("claimPlotlyJs is true once per process (kernel session) until reset", () => {
    resetPlotlyJs();
    assert.deepEqual([claimPlotlyJs(), claimPlotlyJs(), claimPlotlyJs()], [true, false, false]);
    resetPlotlyJs();
    assert.equal(claimPlotlyJs(), true);
    resetPlotlyJs();
  });

  it("withStaticImage puts a PNG into the figure's placeholder, replacing an earlier one", () => {
    const html = String(figureBundle(fig, "fig3")["text/html"]);
    const once = withStaticImage(html, "iVBORw0K\nGgo=") ?? assert.fail("our fallback not recognised");
    assert.match(once, /<div class="mfg-lab-figure-static"><img src="data:image\/png;base64,iVBORw0KGgo=" alt="Figure &#34;u\(x\) &#60;\/script&#62;&#34;: 2 trace\(s\) \(scatter, heatmap\)"><\/div>/);
    assert.equal(once.replace(/<div class="mfg-lab-figure-static">.*?<\/div>/, ""), html.replace(/<div class="mfg-lab-figure-static">.*?<\/div>/, ""), "only the placeholder changes");
    const twice = withStaticImage(once, "AAAA") ?? assert.fail("not recognised after a first PNG");
    assert.equal(count(twice, "<img "), 1);
    assert.match(twice, /base64,AAAA" alt="Figure &#34;u/);
    assert.equal(withStaticImage("<b>someone else's html</b>", "AAAA"), undefined);
  });

  it("figureBundle rejects non-figures", () => {
    assert.throws(() => figureBundle({} as never), /showFigure\(fig\)/);
  });

  it("tableBundle from rows: union of columns, escaped HTML, aligned text", () => {
    const b = tableBundle([{ step: 1, loss: 0.123456789 }, { step: 20, loss: 2e-7, note: "<b>" }]);
    assert.equal(b["text/plain"], "step      loss  note\n   1  0.123457\n  20      2e-7   <b>");
    assert.match(String(b["text/html"]), /<th>step<\/th><th>loss<\/th><th>note<\/th>/);
    assert.match(String(b["text/html"]), /<td>&#60;b&#62;<\/td>/);
  });

  it("tableBundle from a DataFrame-like {columns, values}", () => {
    const b = tableBundle({ columns: ["a", "b"], values: [[1, 2.5], [3, 4]] });
    assert.equal(b["text/plain"], "a    b\n1  2.5\n3    4");
  });

  it("tableBundle from a real danfo DataFrame", async function () {
    this.timeout(60_000); // loading danfo (and tfjs) takes seconds on a busy machine
    const dfd = await import("danfojs-node");
    const df = new dfd.DataFrame({ step: [1, 2], loss: [0.5, 0.125] });
    assert.equal(tableBundle(df)["text/plain"], "step   loss\n   1    0.5\n   2  0.125");
  });

  it("tableBundle elides long tables, keeping head and tail", () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ i }));
    const text = String(tableBundle(rows, 10)["text/plain"]).split("\n");
    assert.equal(text.length, 1 + 10 + 1);
    assert.equal(text[1]?.trim(), "0");
    assert.match(text[6] ?? "", /90 more rows/);
    assert.equal(text[11]?.trim(), "99");
  });

  it("tableBundle names a bad row", () => {
    assert.throws(() => tableBundle([{ a: 1 }, 3]), /row 1 is not an object/);
  });

  it("metricsBundle: metrics MIME, a compact HTML table and one full-precision JSON line", () => {
    const b = metricsBundle({ relL2: 0.0012345678901234, steps: 200, "a<b": -2.5e-7, big: 123456.789 });
    assert.deepEqual(Object.keys(b), [METRICS_MIME, "text/html", "text/plain"]);
    assert.deepEqual(b[METRICS_MIME], { relL2: 0.0012345678901234, steps: 200, "a<b": -2.5e-7, big: 123456.789 });
    assert.equal(b["text/plain"], '{"relL2":0.0012345678901234,"steps":200,"a<b":-2.5e-7,"big":123456.789}');
    const html = String(b["text/html"]);
    const cells = [...html.matchAll(/<tr><th[^>]*>(.*?)<\/th><td[^>]*title="([^"]*)">(.*?)<\/td><\/tr>/g)].map((m) => m.slice(1));
    assert.deepEqual(cells, [
      ["relL2", "0.0012345678901234", "0.001235"],
      ["steps", "200", "200"],
      ["a&#60;b", "-2.5e-7", "-2.5e-7"],
      ["big", "123456.789", "123500"],
    ]);
  });

  it("the MIME types are defined once: executor and report use kernel/display's", () => {
    assert.equal(EXECUTOR_METRICS_MIME, METRICS_MIME);
    assert.equal(REPORT_METRICS_MIME, METRICS_MIME);
    assert.equal(REPORT_PLOTLY_MIME, PLOTLY_MIME);
  });

  it("validateMetrics names the offending key", () => {
    assert.throws(() => validateMetrics({ ok: 1, relL2: NaN }), /metric "relL2" must be a finite number, got NaN/);
    assert.throws(() => validateMetrics({ nested: { a: 1 } }), /metric "nested" .* got object/);
    assert.throws(() => validateMetrics({ s: "1" }), /metric "s" .* got "1"/);
    assert.throws(() => validateMetrics([1, 2]), /flat object/);
  });

  it("sendBundle: one call with every MIME type when the display has bundle()", () => {
    const sent: unknown[] = [];
    const patched: TslabDisplay = { raw: () => assert.fail("raw used"), bundle: (d) => { sent.push(d); } };
    sendBundle(patched, figureBundle(fig));
    assert.equal(sent.length, 1);
    assert.deepEqual(Object.keys(sent[0] as object).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
  });

  it("sendBundle on stock tslab: only the first (richest) MIME type", () => {
    const sent: [string, unknown][] = [];
    const stock: TslabDisplay = { raw: (t, b) => { sent.push([t, b]); } };
    sendBundle(stock, metricsBundle({ a: 1 }));
    assert.deepEqual(sent, [[METRICS_MIME, { a: 1 }]]);
  });
});

describe("kernel/display outside a kernel", () => {
  it("prints text/plain to the console", () => {
    const lines = captureLog(() => {
      showFigure({ data: [] });
      showTable([{ a: 1 }]);
      emitMetrics({ err: 0.5 });
    });
    assert.deepEqual(lines, ["Figure: 0 trace(s)", "a\n1", '{"err":0.5}']);
  });

  it("emitMetrics throws before printing anything on a bad value", () => {
    const lines = captureLog(() => assert.throws(() => emitMetrics({ loss: Infinity }), /"loss"/));
    assert.deepEqual(lines, []);
  });

  it("progress throttles updates and reports the elapsed time on done()", () => {
    let t = 0;
    const lines = captureLog(() => {
      const p = progress("train", { minIntervalMs: 100, now: () => t });
      for (let i = 1; i <= 10; i++) { t = i * 30; p.update(`step ${i}`); }
      t = 1500;
      p.done();
      p.update("ignored");
    });
    // start, then steps at t=30 (first), 150, 270 (>=100 ms apart), ... and the final line.
    assert.equal(lines[0], "train: started");
    assert.deepEqual(lines.slice(1, -1), ["train: step 1", "train: step 5", "train: step 9"]);
    assert.equal(lines[lines.length - 1], "train: step 10 (done in 1.5 s)");
  });

  it("progress says its time once: a final text that states a duration gets no second one", () => {
    let t = 0;
    const lines = captureLog(() => {
      const p = progress("fit", { now: () => t });
      t = 3200;
      p.done("rel L2 1.2e-3 in 3.2 s");
      const q = progress("fit", { now: () => t });
      t = 5000;
      q.done("rel L2 1.2e-3, 2500 steps");
    });
    assert.deepEqual(lines.slice(-3), ["fit: rel L2 1.2e-3 in 3.2 s", "fit: started", "fit: rel L2 1.2e-3, 2500 steps (done in 1.8 s)"]);
  });

  it("showFigure outside a kernel neither claims nor loads plotly.js", () => {
    resetPlotlyJs();
    captureLog(() => showFigure({ data: [] }));
    assert.equal(claimPlotlyJs(), true, "still unclaimed after a figure printed as text");
    resetPlotlyJs();
  });
});

describe("kernel/display through the kernel and the executor", function () {
  this.timeout(120_000);
  let out: string;
  before(async () => { out = await fs.mkdtemp(join(tmpdir(), "display-kernel-")); });
  after(async () => { await fs.rm(out, { recursive: true, force: true }); });

  it("inlines plotly.js in the session's first figure only, shows metrics as a table, writes valid nbformat", async function () {
    const output = join(out, "figures-and-metrics.ipynb");
    const r = await runNotebook({ input: join(__dirname, "..", "fixtures", "figures-and-metrics.ipynb"), output });
    assert.equal(r.status, "ok", r.message);
    const nb = JSON.parse(await fs.readFile(output, "utf8")) as { cells: { outputs?: { output_type: string; data?: Record<string, unknown> }[] }[] };
    const rich = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data !== undefined);
    const html = (o: { data?: Record<string, unknown> } | undefined): string => {
      const v = o?.data?.["text/html"];
      return Array.isArray(v) ? v.join("") : String(v);
    };
    const figures = rich.filter((o) => o.data?.[PLOTLY_MIME] !== undefined);
    assert.equal(figures.length, 2);
    assert.deepEqual(figures.map((f) => count(html(f), PLOTLY_TAIL)), [1, 0]);
    const ids = figures.map((f) => /<div id="([^"]+)" class="mfg-lab-figure">/.exec(html(f))?.[1]);
    assert.ok(ids[0] !== undefined && ids[1] !== undefined && ids[0] !== ids[1], `unique div ids: ${ids.join(", ")}`);
    const progressLine = rich.map((o) => o.data?.["text/plain"]).filter((t) => typeof t === "string" && t.startsWith("fit: "));
    assert.deepEqual(progressLine.map(String).map((t) => t.replace(/\d+\.\d s/g, "T s")), ["fit: fitted in T s"]);
    const metrics = rich.find((o) => o.data?.[METRICS_MIME] !== undefined);
    assert.match(html(metrics), /<th[^>]*>rel_l2_error<\/th><td[^>]*>0\.001235<\/td>/);
    assert.deepEqual(r.metrics, { rel_l2_error: 0.0012345678901234, steps: 200 });

    const check = "import sys, nbformat\nnbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT))\nprint('valid')";
    try {
      assert.equal(execFileSync("/usr/bin/python3", ["-c", check, output], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim(), "valid");
    } catch (e) {
      const err = String((e as { stderr?: string }).stderr ?? e);
      if (/No module named 'nbformat'|ENOENT/.test(err) && process.env.CI !== "true") this.skip();
      throw new Error(err);
    }
  });
});
