import { strict as assert } from "node:assert";
import { CodeCell, Notebook, cellTags, sourceText } from "../../kernel/nbformat";
import { INJECTED_TAG, injectedSource, injectParameters, ParameterError, parseAssignment, parseParameters } from "../../kernel/params";

function nb(paramSource: string | undefined): Notebook {
  const code = (source: string, tags?: string[]): CodeCell => ({ cell_type: "code", id: `c${Math.random().toString(16).slice(2, 8)}`, metadata: tags ? { tags } : {}, source, outputs: [], execution_count: null });
  const cells = [code("import x from 'y';")];
  if (paramSource !== undefined) cells.push(code(paramSource, ["parameters"]));
  cells.push(code("console.log(quick);"));
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}

describe("parameters cell parsing", () => {
  it("reads one const per line with comments, trailing comments, and tricky strings", () => {
    const src = '// knobs\n\nconst quick = false;\nconst steps = 2000; // budget\nconst url = "http://a;b"; // a comment\nlet lr: number = 1e-3;\nconst sizes = [1, 2, {"a": null}];';
    const d = parseParameters(src, "nb");
    assert.deepEqual(d.map((x) => [x.name, x.value]), [["quick", false], ["steps", 2000], ["url", "http://a;b"], ["lr", 0.001], ["sizes", [1, 2, { a: null }]]]);
    assert.deepEqual(d.map((x) => x.line), [3, 4, 5, 6, 7]);
  });

  it("names the line of a declaration that is not a JSON literal", () => {
    assert.throws(() => parseParameters("const a = 1;\nconst b = Math.PI;", "nb.ipynb: parameters cell"), (e: Error) => e instanceof ParameterError && /line 2/.test(e.message) && /Math\.PI/.test(e.message));
    assert.throws(() => parseParameters("quick = true", "x"), ParameterError);
  });

  it("parses -p values as JSON, else as strings", () => {
    assert.deepEqual(parseAssignment("quick=true"), ["quick", true]);
    assert.deepEqual(parseAssignment("n=3"), ["n", 3]);
    assert.deepEqual(parseAssignment("name=hello world"), ["name", "hello world"]);
    assert.deepEqual(parseAssignment('xs=[1,2]'), ["xs", [1, 2]]);
    assert.deepEqual(parseAssignment("eq=a=b"), ["eq", "a=b"]);
    assert.throws(() => parseAssignment("noequals"), ParameterError);
    assert.throws(() => parseAssignment("1bad=2"), ParameterError);
  });
});

describe("parameter injection", () => {
  it("inserts an injected-parameters cell right after the parameters cell, input untouched", () => {
    const input = nb("const quick = false;\nconst steps = 10;");
    const before = JSON.stringify(input);
    const out = injectParameters(input, { quick: true }, "nb.ipynb");
    assert.equal(JSON.stringify(input), before);
    assert.equal(out.cells.length, 4);
    const injected = out.cells[2] as CodeCell;
    assert.deepEqual(cellTags(injected), [INJECTED_TAG]);
    assert.match(sourceText(injected.source), /^const quick: boolean = true;$/m);
    assert.doesNotMatch(sourceText(injected.source), /steps/);
  });

  it("declares injected primitives with their widened type, so later comparisons compile", () => {
    const src = injectedSource({ mode: "b", steps: 5, quick: true, sizes: [1, 2], opts: { a: null } });
    assert.match(src, /^const mode: string = "b";$/m);
    assert.match(src, /^const steps: number = 5;$/m);
    assert.match(src, /^const quick: boolean = true;$/m);
    assert.match(src, /^const sizes = \[1,2\];$/m);
    assert.match(src, /^const opts = \{"a":null\};$/m);
  });

  it("replaces the injected cell of an earlier run instead of stacking a second one", () => {
    const once = injectParameters(nb("const quick = false;"), { quick: true }, "nb");
    const twice = injectParameters(once, { quick: false }, "nb");
    const injected = twice.cells.filter((c) => cellTags(c).includes(INJECTED_TAG));
    assert.equal(injected.length, 1);
    assert.match(sourceText((injected[0] as CodeCell).source), /const quick: boolean = false;/);
  });

  it("rejects unknown names, a missing parameters cell, and a value of another JSON kind", () => {
    assert.throws(() => injectParameters(nb("const quick = false;"), { quik: true }, "nb.ipynb"), /nb\.ipynb: unknown parameter\(s\) quik; the parameters cell declares quick/);
    assert.throws(() => injectParameters(nb(undefined), { quick: true }, "nb.ipynb"), /no cell tagged "parameters"/);
    assert.throws(() => injectParameters(nb("const quick = false;"), { quick: "ture" }, "nb.ipynb"), /quick is a boolean .* got string "ture"/);
  });

  it("writes strings, arrays and objects as TypeScript-valid JSON literals", () => {
    const out = injectParameters(nb('const label = "a";\nconst xs = [1];\nconst o = null;'), { label: 'say "hi"', xs: [1.5, -2], o: { k: [true] } }, "nb");
    const src = sourceText((out.cells[2] as CodeCell).source);
    assert.match(src, /const label: string = "say \\"hi\\"";/);
    assert.match(src, /const xs = \[1\.5,-2\];/);
    assert.match(src, /const o = \{"k":\[true\]\};/);
  });
});
