import type { Browser } from "playwright-core";
import { withStaticImage } from "../display/figure-html";
import { pageAssets } from "./assets";
import { joinText, PLOTLY_MIME, type Output } from "./outputs";

/** Only the parts of a notebook this step touches; the rest of each cell is kept as it is. */
interface FigureCell {
  outputs?: Output[];
}

const WIDTH = 900;
const HEIGHT = 500;

async function figureToPng(browser: Browser, figure: unknown): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.setContent(`<!DOCTYPE html><html><body><div id="f"></div></body></html>`);
    await page.addScriptTag({ content: pageAssets().plotlyJs });
    const url = await page.evaluate(
      async ({ fig, width, height }) => {
        const f = fig as { data: unknown[]; layout?: object };
        const P = (globalThis as unknown as { Plotly: any }).Plotly;
        const el = document.getElementById("f");
        await P.newPlot(el, f.data, f.layout ?? {}, { staticPlot: true });
        return (await P.toImage(el, { format: "png", width, height })) as string;
      },
      { fig: figure, width: WIDTH, height: HEIGHT },
    );
    return url.replace(/^data:image\/png;base64,/, "");
  } finally {
    await page.close();
  }
}

/**
 * Front ends pick text/html over image/png even where they strip its scripts (untrusted
 * notebooks), so our figure fallback gets the PNG as its placeholder too.
 */
function addToHtmlFallback(data: Record<string, unknown>, png: string): void {
  if (!("text/html" in data)) return;
  const html = withStaticImage(joinText(data["text/html"]), png);
  if (html !== undefined) data["text/html"] = html;
}

/**
 * Adds a static `image/png` rendering next to every Plotly figure that lacks one, so the executed
 * notebook shows its figures where no JavaScript runs (GitHub's notebook view, untrusted notebooks).
 * Returns the count.
 */
export async function addFigurePngs(cells: readonly FigureCell[], browser: Browser): Promise<number> {
  let added = 0;
  for (const cell of cells) {
    for (const output of cell.outputs ?? []) {
      if (output.output_type !== "display_data" && output.output_type !== "execute_result") continue;
      const data = output.data as Record<string, unknown>;
      if (!(PLOTLY_MIME in data) || "image/png" in data) continue;
      const png = await figureToPng(browser, data[PLOTLY_MIME]);
      data["image/png"] = png;
      addToHtmlFallback(data, png);
      added += 1;
    }
  }
  return added;
}
