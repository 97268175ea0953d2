import type { Browser } from "playwright-core";
import { pageAssets } from "./assets";
import { PLOTLY_MIME, type Output } from "./outputs";

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
 * Adds a static `image/png` rendering next to every Plotly figure that lacks one, so the executed
 * notebook shows its figures where no JavaScript runs (GitHub's notebook view). Returns the count.
 */
export async function addFigurePngs(cells: readonly FigureCell[], browser: Browser): Promise<number> {
  let added = 0;
  for (const cell of cells) {
    for (const output of cell.outputs ?? []) {
      if (output.output_type !== "display_data" && output.output_type !== "execute_result") continue;
      const data = output.data as Record<string, unknown>;
      if (!(PLOTLY_MIME in data) || "image/png" in data) continue;
      data["image/png"] = await figureToPng(browser, data[PLOTLY_MIME]);
      added += 1;
    }
  }
  return added;
}
