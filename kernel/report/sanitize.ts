import sanitizeHtml from "sanitize-html";

/** MathML elements KaTeX emits next to its HTML rendering (for screen readers and copy). */
const MATHML = [
  "math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msup",
  "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr",
  "mtd", "mstyle", "mpadded", "mphantom", "menclose",
];
const SVG = ["svg", "path", "line", "rect", "g"];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags, "img", "span", "div", "sup", "sub", "del", "ins", "details",
    "summary", "figure", "figcaption", ...MATHML, ...SVG,
  ],
  allowedAttributes: {
    "*": ["class", "style", "id", "title", "aria-hidden", "role", "align", "colspan", "rowspan"],
    a: ["href", "name", "target", "rel"],
    img: ["src", "alt", "width", "height"],
    math: ["xmlns", "display"],
    annotation: ["encoding"],
    svg: ["xmlns", "width", "height", "viewbox", "viewBox", "preserveaspectratio", "preserveAspectRatio"],
    path: ["d"],
    line: ["x1", "x2", "y1", "y2", "stroke-width"],
    rect: ["x", "y", "width", "height"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["data"] },
  allowProtocolRelative: false,
  // `style` stays allowed: KaTeX lays glyphs out with inline styles. Scripts and handlers go.
  parser: { lowerCaseAttributeNames: false },
};

/** Removes scripts, event handlers and foreign schemes from HTML, keeping tables, math and images. */
export function sanitize(markup: string): string {
  return sanitizeHtml(markup, OPTIONS);
}
