import { strict as assert } from "node:assert";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { figureBundle } from "../../kernel/display";
import { addFigurePngs, chromiumPath, launchChromium, publishReports, type ExecutedNotebook } from "../../kernel/report";

const OUT = resolve(__dirname, "..", "..", "reports", "browser-test");
const FIXTURE = join(__dirname, "..", "fixtures", "report-all-output-types.ipynb");

interface PageCheck {
  readonly errors: string[];
  readonly blocked: string[];
}

/** Opens a file:// page with the network cut: anything but file: is aborted and recorded. */
async function openOffline(browser: Browser, file: string): Promise<{ page: Page; check: PageCheck }> {
  const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const check: PageCheck = { errors: [], blocked: [] };
  page.on("console", (msg) => msg.type() === "error" && check.errors.push(msg.text()));
  page.on("pageerror", (err) => check.errors.push(err.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    check.blocked.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  return { page, check };
}

describe("reports in a real browser (Chromium, offline)", function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let runs: ExecutedNotebook[] = [];

  before(async function () {
    if (chromiumPath() === undefined) {
      if (process.env.CI === "true") throw new Error("Chromium missing in CI: .ci/run must install it");
      this.skip();
    }
    // Only this test's files: the folder also keeps the Jupyter UI test's screenshots.
    for (const f of ["all-output-types.ipynb", "all-output-types.html", "all-output-types.png", "index.html", "index.png"]) {
      rmSync(join(OUT, f), { force: true });
    }
    mkdirSync(OUT, { recursive: true });
    const executed = join(OUT, "all-output-types.ipynb");
    copyFileSync(FIXTURE, executed);
    runs = [{ notebook: "test/fixtures/report-all-output-types.ipynb", executedPath: executed, status: "ok", seconds: 1.5, metrics: { rel_l2_error: 0.001 } }];
    browser = await launchChromium();
    await publishReports(OUT, runs, { png: true });
  });

  after(async () => {
    await browser?.close();
  });

  it("draws every figure, renders math, logs no errors and loads nothing from the network", async () => {
    const { page, check } = await openOffline(browser!, join(OUT, "all-output-types.html"));
    const containers = await page.locator(".plotly-figure").count();
    assert.equal(containers, 2);
    await page.waitForFunction(
      (n) => document.querySelectorAll(".plotly-figure svg.main-svg").length >= n,
      containers,
      { timeout: 30_000 },
    );
    for (let i = 0; i < containers; i++) {
      assert.ok((await page.locator(".plotly-figure").nth(i).locator("svg").count()) > 0, `figure ${i} has an SVG`);
    }
    assert.ok((await page.locator(".katex-html").count()) >= 2, "math rendered by KaTeX");
    const fontOk = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check("16px KaTeX_Main");
    });
    assert.ok(fontOk, "KaTeX fonts are embedded");
    assert.equal(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected), undefined);
    await page.screenshot({ path: join(OUT, "all-output-types.png"), fullPage: true });
    assert.deepEqual(check.errors, []);
    assert.deepEqual(check.blocked, []);
    await page.context().close();
  });

  it("adds a PNG rendering of each Plotly figure to the executed notebook", async () => {
    const nb = JSON.parse((await import("node:fs")).readFileSync(runs[0]!.executedPath, "utf8")) as {
      cells: { outputs?: { data?: Record<string, unknown> }[] }[];
    };
    const figures = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.["application/vnd.plotly.v1+json"]);
    assert.equal(figures.length, 2);
    for (const f of figures) {
      const png = Buffer.from(String(f.data?.["image/png"]), "base64");
      assert.equal(png.subarray(1, 4).toString(), "PNG");
      assert.ok(png.length > 5_000, "a real rendering, not an empty image");
    }
  });

  it("puts the PNG into our figures' HTML fallback too (what untrusted front ends show)", async () => {
    const cells = [{ outputs: [
      { output_type: "display_data" as const, data: { ...figureBundle({ data: [{ type: "scatter", y: [1, 3, 2] }] }, "f1") }, metadata: {} },
    ] }];
    assert.equal(await addFigurePngs(cells, browser!), 1);
    const data = cells[0]!.outputs[0]!.data as Record<string, unknown>;
    const png = String(data["image/png"]);
    assert.ok(png.length > 5_000);
    assert.ok(String(data["text/html"]).includes(`<div class="mfg-lab-figure-static"><img src="data:image/png;base64,${png}" alt="Figure: 1 trace(s) (scatter)"></div>`));
    assert.match(String(data["text/html"]), /Plotly\.newPlot/, "the interactive figure is kept for trusted front ends");
  });

  it("index links resolve to the report pages", async () => {
    const { page, check } = await openOffline(browser!, join(OUT, "index.html"));
    const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    assert.equal(hrefs.length, runs.length);
    for (const href of hrefs) assert.ok(existsSync(new URL(href)), `${href} exists`);
    await page.screenshot({ path: join(OUT, "index.png"), fullPage: true });
    await page.locator("a").first().click();
    await page.waitForSelector(".plotly-figure svg.main-svg");
    assert.deepEqual(check.errors, []);
    await page.context().close();
  });
});
