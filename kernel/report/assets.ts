import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { plotlyJsSource } from "../display/plotly-js";

/** Everything a report page embeds, read once per process from installed packages (no network). */
export interface PageAssets {
  /** layout CSS alone (the index page needs no math fonts or code colours) */
  readonly baseCss: string;
  readonly css: string;
  readonly plotlyJs: string;
}

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** KaTeX's stylesheet with its woff2 fonts inlined as data URLs (the woff/ttf fallbacks dropped). */
function katexCss(): string {
  const dist = join(packageDir("katex"), "dist");
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  return css.replace(/src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*/g, (_m, font: string) => {
    const data = readFileSync(join(dist, "fonts", `${font}.woff2`)).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

const BASE_CSS = readFileSync(join(__dirname, "page.css"), "utf8");

let cached: PageAssets | undefined;

export function pageAssets(): PageAssets {
  cached ??= {
    baseCss: BASE_CSS,
    css: [
      BASE_CSS,
      katexCss(),
      readFileSync(join(packageDir("highlight.js"), "styles", "github.min.css"), "utf8"),
    ].join("\n"),
    plotlyJs: plotlyJsSource(),
  };
  return cached;
}
