// A new user's path, in a real Jupyter: Debian's classic Notebook 6.4 serves notebooks/01 (quick)
// with our kernelspec, Chromium runs every cell through the menu (Cell > Run All), and we check what
// a person sees — every cell ran, every figure is drawn and interactive, the metrics table, the
// traceback of a deliberate error — then reopen the executed notebook untrusted. Screenshots go
// to reports/browser-test/.
import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { figureBundle, PLOTLY_MIME } from "../../kernel/display";
import { addFigurePngs, chromiumPath, launchChromium } from "../../kernel/report";
import { jupyterNotebookPath, startJupyterNotebook, type JupyterServer } from "./support/jupyter-server";

const ROOT = resolve(__dirname, "..", "..");
const SHOTS = join(ROOT, "reports", "browser-test");
const NOTEBOOK = "01-ode-warmup.ipynb";
const ERROR_CELL = ["// a deliberate error, appended by the browser test", "const answer = 6 * 7;", "throw new Error(`deliberate failure ${answer}`);"];

interface NbCell { cell_type: string; source: string | string[]; metadata: Record<string, unknown>; outputs?: NbOutput[]; execution_count?: number | null; id?: string }
interface NbOutput { output_type: string; data?: Record<string, unknown>; traceback?: string[] }
interface Nb { cells: NbCell[]; metadata: Record<string, unknown> }

const joinSource = (s: string | string[]): string => (Array.isArray(s) ? s.join("") : s);

/** notebooks/01 with quick = true in its parameters cell and the error cell appended. */
function quickCopyWithErrorCell(): Nb {
  const nb = JSON.parse(readFileSync(join(ROOT, "notebooks", NOTEBOOK), "utf8")) as Nb;
  const params = nb.cells.find((c) => (c.metadata["tags"] as string[] | undefined)?.includes("parameters"));
  const source = joinSource(params?.source ?? "");
  assert.ok(params && /^const quick = false;$/m.test(source), "the parameters cell has `const quick = false;`");
  params.source = source.replace(/^const quick = false;$/m, "const quick = true;");
  nb.cells.push({ cell_type: "code", id: "deliberate-error", metadata: {}, outputs: [], execution_count: null, source: ERROR_CELL.join("\n") });
  return nb;
}

/** Opens a notebook page and waits until its kernel is ready. */
async function openNotebook(browser: Browser, server: JupyterServer, name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${server.url}notebooks/notebooks/${name}`);
  await page.waitForFunction(() => {
    const J = (window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean } } } }).Jupyter;
    return J?.notebook?.kernel?.is_connected() === true;
  }, undefined, { timeout: 60_000 });
  return page;
}

/** Cell > Run All through the menu bar, then waits until every code cell has its execution count. */
async function runAllThroughMenu(page: Page, timeoutMs: number): Promise<void> {
  await page.click("#celllink");
  await page.click("#run_all_cells");
  await page.waitForFunction(() => {
    const nb = (window as unknown as { Jupyter: { notebook: { get_cells(): { cell_type: string; input_prompt_number?: unknown }[] } } }).Jupyter.notebook;
    const code = nb.get_cells().filter((c) => c.cell_type === "code");
    return code.every((c) => typeof c.input_prompt_number === "number") && document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null;
  }, undefined, { timeout: timeoutMs, polling: 500 });
}

/** The notebook as the page holds it (outputs included). */
async function pageModel(page: Page): Promise<Nb> {
  return page.evaluate(() => (window as unknown as { Jupyter: { notebook: { toJSON(): unknown } } }).Jupyter.notebook.toJSON()) as Promise<Nb>;
}

/**
 * The classic Notebook scrolls inside #site, so a full-page screenshot shows one screen: grow the
 * viewport to the notebook's height first (capped), then shoot.
 */
async function screenshotWholeNotebook(page: Page, path: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 1000 };
  const height = await page.evaluate(() => {
    const header = document.querySelector("#header")?.getBoundingClientRect().height ?? 0;
    return Math.ceil(header + (document.querySelector("#notebook")?.scrollHeight ?? 0));
  });
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 16_000) });
  await page.waitForTimeout(500); // the Notebook re-lays #site out on resize; Plotly redraws responsive figures
  await page.screenshot({ path });
  await page.setViewportSize(size);
}

const figureOutputs = (nb: Nb): NbOutput[] => nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.[PLOTLY_MIME] !== undefined);

/** Figures whose div holds a drawn Plotly SVG. */
async function drawnFigures(page: Page): Promise<number> {
  return page.locator(".mfg-lab-figure").evaluateAll((els) => els.filter((el) => el.querySelector(".main-svg") !== null).length);
}

function skipUnlessTools(ctx: Mocha.Context): string {
  const jupyter = jupyterNotebookPath();
  const missing = [chromiumPath() === undefined ? "chromium" : "", jupyter === undefined ? "jupyter-notebook" : ""].filter((m) => m !== "");
  if (missing.length > 0) {
    const message = `needs Debian's ${missing.join(" and ")} (apt-get install ${missing.join(" ")}; .ci/run installs them)`;
    if (process.env.CI === "true") throw new Error(`Jupyter UI browser test ${message}`);
    console.log(`      skipped: the Jupyter UI browser test ${message}`);
    ctx.skip();
  }
  return jupyter as string;
}

describe("notebooks/01 in Debian's Jupyter Notebook 6.4, in Chromium", function () {
  this.timeout(300_000);
  let server: JupyterServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let executed: Nb | undefined;

  before(async function () {
    const jupyter = skipUnlessTools(this);
    mkdirSync(SHOTS, { recursive: true });
    server = await startJupyterNotebook(jupyter);
    writeFileSync(join(server.labDir, "notebooks", NOTEBOOK), JSON.stringify(quickCopyWithErrorCell(), null, 1));
    browser = await launchChromium();
    page = await openNotebook(browser, server, NOTEBOOK);
    await runAllThroughMenu(page, 240_000);
    executed = await pageModel(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("runs every cell, and only the deliberate error cell fails", () => {
    const code = executed!.cells.filter((c) => c.cell_type === "code");
    assert.ok(code.every((c) => typeof c.execution_count === "number"), "every code cell has an execution count");
    const failing = code.filter((c) => (c.outputs ?? []).some((o) => o.output_type === "error"));
    assert.deepEqual(failing.map((c) => joinSource(c.source).split("\n")[0]), [ERROR_CELL[0]],
      `cells with an error: ${JSON.stringify(failing.map((c) => c.outputs), null, 1).slice(0, 3000)}`);
  });

  it("draws every figure the notebook shows, interactive, and keeps a screenshot", async () => {
    const expected = figureOutputs(executed!).length;
    assert.ok(expected >= 4, `notebook 01 shows at least 4 figures (saw ${expected})`);
    await page!.waitForFunction((n) => document.querySelectorAll(".mfg-lab-figure").length === n &&
      Array.from(document.querySelectorAll(".mfg-lab-figure")).every((el) => el.querySelector(".main-svg") !== null), expected, { timeout: 30_000 });
    assert.equal(await drawnFigures(page!), expected);
    assert.ok((await page!.locator(".mfg-lab-figure .main-svg").count()) >= expected);
    await screenshotWholeNotebook(page!, join(SHOTS, "jupyter-ui-01-ode-warmup.png"));
    // Interactive: a box drag across the first figure's plot area zooms its x axis.
    const first = page!.locator(".mfg-lab-figure").first();
    const xRange = (): Promise<number[]> => first.evaluate((el) => [...((el as unknown as { _fullLayout: { xaxis: { range: number[] } } })._fullLayout.xaxis.range)]);
    const before = await xRange();
    const drag = first.locator(".nsewdrag").first();
    await drag.scrollIntoViewIfNeeded();
    const b = (await drag.boundingBox()) ?? assert.fail("the first figure has no plot area");
    await page!.mouse.move(b.x + b.width * 0.3, b.y + b.height * 0.3);
    await page!.mouse.down();
    await page!.mouse.move(b.x + b.width * 0.5, b.y + b.height * 0.7, { steps: 8 });
    await page!.mouse.up();
    await page!.waitForFunction((w) => {
      const el = document.querySelector(".mfg-lab-figure") as unknown as { _fullLayout: { xaxis: { range: number[] } } };
      return el._fullLayout.xaxis.range[1]! - el._fullLayout.xaxis.range[0]! < w;
    }, (before[1]! - before[0]!) * 0.5, { timeout: 10_000 });
    await first.screenshot({ path: join(SHOTS, "jupyter-ui-zoomed-figure.png") });
  });

  it("shows the metrics as a compact table, and progress lines say their time once", async () => {
    const rows = await page!.locator("table.mfg-lab-metrics tr").allInnerTexts();
    assert.ok(rows.some((r) => /^tuned\.rel_l2_error\s+\d\.\d{1,3}e-\d+$|^tuned\.rel_l2_error\s+0\.0\d{0,5}$/.test(r.trim())), rows.join(" | "));
    const table = page!.locator("table.mfg-lab-metrics");
    await table.scrollIntoViewIfNeeded();
    await table.screenshot({ path: join(SHOTS, "jupyter-ui-metrics.png") });
    const texts = await page!.locator(".output_text pre").allInnerTexts();
    const progressLines = texts.filter((t) => t.includes("rel L2") && t.includes(" in "));
    assert.ok(progressLines.length >= 3, `three trainings report (saw ${JSON.stringify(texts).slice(0, 500)})`);
    assert.ok(progressLines.every((t) => !t.includes("done in")), progressLines.join("\n"));
  });

  it("shows the deliberate error's traceback", async () => {
    const error = page!.locator(".output_error").last();
    await error.scrollIntoViewIfNeeded();
    assert.match(await error.innerText(), /Error: deliberate failure 42/);
    await error.screenshot({ path: join(SHOTS, "jupyter-ui-error-cell.png") });
  });

  // Our kernel (kernel/server) maps runtime frames back to the cell's source: In [n]:line:column.
  it("names the error cell and the line that threw (line 3) in the traceback", async () => {
    const cell = executed!.cells.at(-1)!;
    const tb = (cell.outputs ?? []).find((o) => o.output_type === "error")?.traceback?.join("\n") ?? "";
    const shown = await page!.locator(".output_error").last().innerText();
    const where = new RegExp(`(In \\[${cell.execution_count}\\]|${cell.id ?? "deliberate-error"})[^\\n]*(:3:\\d+|line 3\\b)`);
    assert.match(tb, where);
    assert.match(shown, where);
    assert.doesNotMatch(shown, /evalmachine/);
  });

  it("reopened untrusted, shows each figure's PNG where --png added one, else its text line", async () => {
    const nb = await pageModel(page!);
    const dir = join(server!.labDir, "notebooks");
    // Written straight to disk: unsigned, so the Notebook opens them untrusted (scripts never run).
    const plain: Nb = { ...nb, metadata: { ...nb.metadata, browser_test: "untrusted copy" } };
    writeFileSync(join(dir, "untrusted-text.ipynb"), JSON.stringify(plain, null, 1));
    const withPng = JSON.parse(JSON.stringify(nb)) as Nb;
    assert.equal(await addFigurePngs(withPng.cells as never, browser!), figureOutputs(nb).length);
    writeFileSync(join(dir, "untrusted-png.ipynb"), JSON.stringify(withPng, null, 1));

    const text = await openNotebook(browser!, server!, "untrusted-text.ipynb");
    assert.match(await text.locator("#notification_trusted").innerText(), /Not Trusted/);
    const placeholders = await text.locator(".mfg-lab-figure-static").allInnerTexts();
    assert.equal(placeholders.length, figureOutputs(nb).length);
    assert.ok(placeholders.every((t) => /^Figure( ".*")?: \d+ trace\(s\)/.test(t)), placeholders.join("\n"));
    assert.equal(await text.locator(".main-svg").count(), 0, "no script ran");
    await text.locator(".mfg-lab-figure").first().scrollIntoViewIfNeeded();
    await text.locator(".mfg-lab-figure").first().screenshot({ path: join(SHOTS, "jupyter-ui-untrusted-text.png") });
    await text.close();

    const png = await openNotebook(browser!, server!, "untrusted-png.ipynb");
    assert.equal(await png.locator(".main-svg").count(), 0, "no script ran");
    const images = png.locator(".mfg-lab-figure-static img");
    assert.equal(await images.count(), figureOutputs(nb).length);
    await images.first().scrollIntoViewIfNeeded();
    const widths = await images.evaluateAll((els) => els.map((el) => (el as HTMLImageElement).naturalWidth));
    assert.ok(widths.every((w) => w >= 800), `PNGs decoded: ${widths.join(", ")}`);
    await screenshotWholeNotebook(png, join(SHOTS, "jupyter-ui-untrusted-png.png"));
    await png.close();
  });
});

describe("figure HTML fallback in a bare page, inserted as JupyterLab and VS Code do (Chromium)", function () {
  this.timeout(60_000);
  let browser: Browser | undefined;

  before(async function () {
    if (chromiumPath() === undefined) {
      if (process.env.CI === "true") throw new Error("Chromium missing in CI: .ci/run must install it");
      this.skip();
    }
    browser = await launchChromium();
  });
  after(async () => { await browser?.close(); });

  it("draws figures rendered before the output that carries plotly.js, and loads plotly.js once", async () => {
    const context = await browser!.newContext({ offline: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    const html = (id: string, withPlotlyJs: boolean): string =>
      String(figureBundle({ data: [{ type: "scatter", y: [1, 3, 2] }], layout: { title: { text: id } } }, id, { withPlotlyJs })["text/html"]);
    // Output HTML goes in through innerHTML; its scripts are re-created so that they run (JupyterLab's
    // evalInnerHTMLScriptTags, VS Code's domEval), with the host already in the page or attached
    // only later (a widget rendered before it is attached). The session's second figure comes first.
    const insert = (markup: string, attachAfterMs = -1): Promise<void> => page.evaluate(([m, delay]) => {
      const host = document.createElement("div");
      const out = document.getElementById("out")!;
      if (delay < 0) out.appendChild(host);
      host.innerHTML = m;
      for (const old of Array.from(host.querySelectorAll("script"))) {
        const s = document.createElement("script");
        s.text = old.text;
        old.replaceWith(s);
      }
      if (delay >= 0) setTimeout(() => out.appendChild(host), delay);
    }, [markup, attachAfterMs] as const);
    await insert(html("second", false));
    assert.equal(await page.locator("#second .main-svg").count(), 0, "waits: no plotly.js yet");
    assert.match(await page.locator("#second").innerText(), /^Figure "second": 1 trace\(s\)/);
    await insert(html("first", true), 300);
    await page.waitForFunction(() => ["first", "second"].every((id) => document.querySelector(`#${id} .main-svg`) !== null));
    await page.evaluate(() => { (window as unknown as { Plotly: { mark?: number } }).Plotly.mark = 1; });
    await insert(html("third", true)); // another session's first figure on the same page
    await page.waitForSelector("#third .main-svg");
    assert.equal(await page.evaluate(() => (window as unknown as { Plotly: { mark?: number } }).Plotly.mark), 1, "plotly.js not loaded again");
    assert.equal(await page.evaluate(() => "moduleName" in window), false, "no stray global from plotly.js's UMD header");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
