import MarkdownIt from "markdown-it";
import katexPlugin from "@vscode/markdown-it-katex";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import bash from "highlight.js/lib/languages/bash";
import python from "highlight.js/lib/languages/python";
import { escapeHtml } from "./html";
import { sanitize } from "./sanitize";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("json", json);
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("python", python);

/** Syntax-highlighted HTML of a code cell's source (escaped by highlight.js). */
export function highlight(code: string, language = "typescript"): string {
  const lang = hljs.getLanguage(language) ? language : "typescript";
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

function makeRenderer() {
  const md = new MarkdownIt({
    html: true,
    linkify: true,
    highlight: (code, lang) =>
      `<pre class="hljs"><code>${lang ? highlight(code, lang) : escapeHtml(code)}</code></pre>`,
  });
  // Math is rendered to HTML+MathML at build time: the page needs KaTeX's CSS and fonts, no JS.
  md.use(katexPlugin, { throwOnError: false, output: "htmlAndMathml" });
  return md;
}

const renderer = makeRenderer();

/** Markdown (with $…$ and $$…$$ math) to sanitised HTML. */
export function renderMarkdown(source: string): string {
  return sanitize(renderer.render(source));
}
