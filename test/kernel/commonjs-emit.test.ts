// tslab patch 010 (directCommonJS): a cell is emitted as CommonJS by the program that type-checked
// it, instead of emitted as an ES module and transpiled again (a second program and checker per
// cell). Over a notebook-like sequence of cells, the direct output must be the transpiled output's
// program: the same syntax tree (only the layout of a one-line block may differ), the same
// declarations, diagnostics and last-expression variable, and each token mapped to the same cell
// position by the source maps; cells whose CommonJS differs (enums, namespaces, decorators, class
// fields, `import x =`) must keep the transpile.
import { strict as assert } from "node:assert";
import { SourceMap } from "node:module";
import * as ts from "@tslab/typescript-for-tslab";
import { createConverter, type Converter, type ConvertResult } from "tslab/dist/converter";

/** Emitted directly (each may use the names of the cells before it). */
const DIRECT = [
  "const a = 1;", "let b = a + 1; b", "console.log(a, b);",
  "import * as path from \"node:path\";\npath.join(\"a\", \"b\")",
  "import { join, dirname } from \"node:path\";\njoin(dirname(\"/x/y\"), \"z\")",
  "import fs from \"node:fs\";\nfs.existsSync(\"/\")", "import os, { cpus } from \"node:os\";\n[os.platform(), cpus().length > 0]",
  "import type { Stats } from \"node:fs\";\nlet st: Stats | undefined;",
  "const { x, y = 2, ...rest } = { x: 1, z: 3 } as { x: number; y?: number; z: number };\n[x, y, rest]",
  "function twice(n: number) { return 2 * n; }\ntwice(a)", "class Box { constructor(readonly s: number) {} get double() { return this.s * 2; } }\nnew Box(3).double",
  "const width = 3;", "({ width, a })", "const e = { a, b };\ne",
  "await new Promise((r) => setTimeout(r, 1));\nconst t = await Promise.resolve(5);\nt", "const m = await import(\"node:path\");\nm.sep",
  "for (let i = 0; i < 3; i++) { b += i; }\nb", "let s = 0;\nfor (const v of [1, 2, 3]) s += v;\ns",
  "async function* gen() { yield 1; }\nconst it = gen();", "interface Shape { w: number }\ntype Id = string;\nconst sh: Shape = { w: 1 };",
  "const f = (n: number): number => n <= 1 ? 1 : n * f(n - 1);\nf(5)", "/** doc */\nconst doc = `template ${a}`;\ndoc",
  "try { throw new Error(\"x\"); } catch (err) { (err as Error).message }", "const a = \"redeclared\";\na.toUpperCase()",
  "const join = 5;", "[join + 1, dirname(\"/x/y\")]", "let u: number | undefined;\nu ??= 4;\nu", "const big = 10n ** 20n;\nbig",
  "const o = { m() { return 1; }, get g() { return 2; }, [\"k\" + 1]: 3 };\no",
  // one-line blocks: printed on several lines by the transpile, as written by the direct emit
  "const check = (ok: boolean, what: string) => { if (!ok) throw new Error(what); };\n[1, 2].forEach((v, i) => { if (i > 0) check(v > 0, \"v\"); });",
  "label: for (;;) { break label; }", "(() => { const inner = 1; return inner; })()", "typeof exports",
  "const n: number = \"not a number\";", // a type error: diagnostics only
];
/** Kept on the transpile: TypeScript's own transforms assign the exported name or emit helpers. */
const TRANSPILED = [
  "enum Dir { Up, Down }\nDir.Down", "namespace NS { export const q = 1; }\nNS.q", "import P = NS.q;\nP",
  "function deco<T>(c: T) { return c; }\n@deco class D {}\nnew D()", "class Field { n = 1; static k = 2; }\nnew Field().n",
];

/** The syntax tree without positions: kinds, names, literal texts, operators, let/const. */
function shape(js: string): string {
  const file = ts.createSourceFile("out.js", js, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    const n = node as ts.Node & { text?: string; operator?: ts.SyntaxKind };
    const text = ts.isSourceFile(node) ? undefined : n.text; // identifiers, literals, template parts
    out.push(`${ts.SyntaxKind[node.kind]}${text === undefined ? "" : `:${text}`}${n.operator === undefined ? "" : `:${n.operator}`}${node.flags & ts.NodeFlags.BlockScoped ? `:${node.flags & ts.NodeFlags.BlockScoped}` : ""}(`);
    ts.forEachChild(node, visit);
    out.push(")");
  };
  visit(file);
  return out.join("");
}

interface Token { readonly text: string; readonly line: number; readonly column: number }

function tokens(js: string): Token[] {
  const file = ts.createSourceFile("out.js", js, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, js);
  const out: Token[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const { line, character } = file.getLineAndCharacterOfPosition(scanner.getTokenPos());
    out.push({ text: scanner.getTokenText(), line, column: character });
  }
  return out;
}

/** The cell position of an output position through tslab's maps (the cell's first, the output's last). */
function cellPosition(maps: readonly string[], line: number, column: number): string {
  let p: { line: number; column: number } | undefined = { line, column };
  for (const map of [...maps].reverse().map((m) => new SourceMap(JSON.parse(m) as ConstructorParameters<typeof SourceMap>[0]))) {
    if (p === undefined) break;
    const e = map.findEntry(p.line, p.column) as { originalLine?: number; originalColumn?: number };
    p = e.originalLine === undefined || e.originalColumn === undefined ? undefined : { line: e.originalLine, column: e.originalColumn };
  }
  return p === undefined ? "unmapped" : `${p.line}:${p.column}`;
}

/** Token indices of `exports.<last> = ` (the last expression's variable: both maps point it at no cell code). */
function lastExpressionPrefix(ts_: readonly Token[], last: string | undefined): Set<number> {
  const skip = new Set<number>();
  if (last === undefined) return skip;
  ts_.forEach((t, i) => {
    if (t.text === "exports" && ts_[i + 1]?.text === "." && ts_[i + 2]?.text === last && ts_[i + 3]?.text === "=") for (let k = i; k < i + 4; k++) skip.add(k);
  });
  return skip;
}

describe("cells emitted as CommonJS in one emit (tslab patch 010)", function () {
  this.timeout(120_000);
  const make = (directCommonJS: boolean): Converter =>
    createConverter({ isJS: false, isBrowser: false, emitDependencies: false, sourceMap: true, directCommonJS, checkDependency: () => false });
  let transpiled: Converter;
  let direct: Converter;
  before(() => { transpiled = make(false); direct = make(true); });
  after(() => { transpiled?.close(); direct?.close(); });

  it("gives the transpile's program, declarations, diagnostics and cell positions, cell after cell", () => {
    let declT = "", declD = "";
    const run = (src: string): [ConvertResult, ConvertResult] => {
      const t = transpiled.convert(declT, src), d = direct.convert(declD, src);
      declT = t.declOutput ?? declT;
      declD = d.declOutput ?? declD;
      return [t, d];
    };
    let compared = 0;
    for (const src of [...DIRECT, ...TRANSPILED]) {
      const [t, d] = run(src);
      assert.deepEqual(d.diagnostics, t.diagnostics, src);
      assert.equal(d.declOutput, t.declOutput, src);
      assert.equal(d.lastExpressionVar, t.lastExpressionVar, src);
      assert.equal(d.hasToplevelAwait, t.hasToplevelAwait, src);
      if (t.output === undefined) {
        assert.equal(d.output, undefined, src);
        assert.ok(t.diagnostics.length > 0, `${src}: no output and no diagnostics`);
        continue;
      }
      assert.ok(d.output !== undefined && t.sourceMaps !== undefined && d.sourceMaps !== undefined, src);
      assert.equal(d.sourceMaps.length, TRANSPILED.includes(src) ? 2 : 1, `${src}: ${TRANSPILED.includes(src) ? "must keep the transpile" : "not emitted directly"}`);
      assert.equal(shape(d.output), shape(t.output), `${src}\n--- transpiled:\n${t.output}\n--- direct:\n${d.output}`);
      const tt = tokens(t.output), dt = tokens(d.output);
      assert.deepEqual(dt.map((x) => x.text), tt.map((x) => x.text), src);
      const skip = lastExpressionPrefix(tt, t.lastExpressionVar);
      tt.forEach((tok, i) => {
        if (skip.has(i)) return;
        const dtok = dt[i] as Token;
        assert.equal(cellPosition(d.sourceMaps as readonly string[], dtok.line, dtok.column), cellPosition(t.sourceMaps as readonly string[], tok.line, tok.column),
          `${src}: token ${i} "${tok.text}"`);
        compared++;
      });
    }
    assert.ok(compared > 500, `only ${compared} token positions compared`);
  });
});
