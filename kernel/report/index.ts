import { existsSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { writeFileAtomic } from "../nbformat";
import { launchChromium } from "./browser";
import { renderIndexPage, type IndexEntry } from "./index-page";
import { renderNotebookPage, type ReportNotebook } from "./page";
import { addFigurePngs } from "./png";

export { chromiumPath, launchChromium } from "./browser";
export { renderIndexPage, type IndexEntry } from "./index-page";
export { renderNotebookPage, type PageOptions, type ReportCell, type ReportNotebook } from "./page";
export { addFigurePngs } from "./png";

/** What the executor knows about one executed notebook. */
export interface ExecutedNotebook {
  /** the input notebook, as named on the command line */
  readonly notebook: string;
  /** the executed copy (.ipynb) in the output folder */
  readonly executedPath: string;
  readonly status: string;
  readonly seconds: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** not executed this time: a cache hit (kernel/executor cache.ts) */
  readonly cached?: boolean;
}

export interface ReportOptions {
  /** hide code cells' input (report mode) */
  readonly noInput?: boolean;
  /** add image/png renderings of Plotly figures to the executed notebooks (needs Chromium) */
  readonly png?: boolean;
}

const htmlPathOf = (executedPath: string): string => executedPath.replace(/\.ipynb$/, "") + ".html";

/** where `npm run notebooks:seeds` puts a notebook's seed sweep: `<outDir>/seeds/<name>/index.html` */
export const seedsIndexOf = (outDir: string, notebook: string): string => join(outDir, "seeds", basename(notebook, ".ipynb"), "index.html");

function withSeeds(outDir: string, entry: IndexEntry): IndexEntry {
  const seeds = seedsIndexOf(outDir, entry.notebook);
  return existsSync(seeds) ? { ...entry, seedsHref: relative(outDir, seeds) } : entry;
}

function readNotebook(path: string): ReportNotebook & { cells: ReportNotebook["cells"] } {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ReportNotebook;
  } catch (err) {
    throw new Error(`${path}: cannot read the executed notebook for the report: ${(err as Error).message}`);
  }
}

async function addPngs(runs: readonly ExecutedNotebook[]): Promise<void> {
  const browser = await launchChromium();
  try {
    for (const run of runs) {
      const nb = readNotebook(run.executedPath);
      if ((await addFigurePngs(nb.cells as never, browser)) > 0) {
        await writeFileAtomic(run.executedPath, JSON.stringify(nb, null, 1) + "\n");
      }
    }
  } finally {
    await browser.close();
  }
}

/**
 * Writes `<name>.html` next to each executed notebook; returns the pages written and one index
 * entry per run (href relative to `outDir`, undefined for a run that left no executed copy).
 */
export async function writeReportPages(
  outDir: string,
  runs: readonly ExecutedNotebook[],
  opts: ReportOptions = {},
): Promise<{ written: string[]; entries: IndexEntry[] }> {
  const executed = runs.filter((run) => existsSync(run.executedPath));
  if (opts.png === true) await addPngs(executed);
  const written: string[] = [];
  const entries: IndexEntry[] = [];
  for (const run of runs) {
    // a notebook that failed before anything was written is listed without a page
    if (!executed.includes(run)) {
      entries.push(withSeeds(outDir, { ...run, href: undefined }));
      continue;
    }
    const htmlPath = htmlPathOf(run.executedPath);
    const subtitle = `${basename(run.notebook)} · ${run.status}${run.cached === true ? " (cached)" : ""} · ${run.seconds.toFixed(1)} s`;
    const page = renderNotebookPage(readNotebook(run.executedPath), {
      title: basename(run.notebook, ".ipynb"),
      subtitle,
      ...(opts.noInput === true ? { noInput: true } : {}),
    });
    await writeFileAtomic(htmlPath, page);
    written.push(htmlPath);
    entries.push(withSeeds(outDir, { ...run, href: relative(outDir, htmlPath) }));
  }
  return { written, entries };
}

/**
 * Writes `<name>.html` next to each executed notebook and `index.html` in `outDir` listing them all
 * with status, wall time and metrics. Returns the paths written.
 */
export async function publishReports(
  outDir: string,
  runs: readonly ExecutedNotebook[],
  opts: ReportOptions = {},
): Promise<string[]> {
  const { written, entries } = await writeReportPages(outDir, runs, opts);
  const indexPath = join(outDir, "index.html");
  await writeFileAtomic(indexPath, renderIndexPage(entries));
  return [...written, indexPath];
}
