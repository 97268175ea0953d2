import { strict as assert } from "node:assert";
import {
  emitMetrics,
  figureBundle,
  METRICS_MIME,
  metricsBundle,
  PLOTLY_MIME,
  progress,
  sendBundle,
  showFigure,
  showTable,
  tableBundle,
  TslabDisplay,
  validateMetrics,
} from "../../kernel/display";

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
    assert.match(html, /id="fig1"/);
    // The title must not be able to end the inline script early.
    assert.equal(html.split("</script>").length, 2);
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

  it("metricsBundle: metrics MIME + one JSON line", () => {
    const b = metricsBundle({ relL2: 0.01, steps: 200 });
    assert.deepEqual(b[METRICS_MIME], { relL2: 0.01, steps: 200 });
    assert.equal(b["text/plain"], '{"relL2":0.01,"steps":200}');
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
});
