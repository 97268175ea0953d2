/**
 * A tiny auto-escaping template tag: every interpolated value is HTML-escaped unless it is a
 * `Safe` value (produced by `html` itself or by `trusted()` for markup we built or sanitised).
 * This keeps the page templates readable and makes "forgot to escape" impossible by default.
 */
export class Safe {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Marks markup as already safe: only for HTML we generated or passed through the sanitiser. */
export function trusted(markup: string): Safe {
  return new Safe(markup);
}

type Part = Safe | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Safe) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Safe {
  let out = strings[0] ?? "";
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? "");
  });
  return new Safe(out);
}

/** Embeds JSON inside a <script> element: `</script>` and U+2028/9 cannot break out. */
export function scriptJson(value: unknown): Safe {
  const text = JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return new Safe(text);
}
