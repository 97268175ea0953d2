import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CellOutputs, DisplayRegistry, Notebook, NotebookError, parseNotebook, readNotebook, sourceText, writeNotebookAtomic } from "../../kernel/nbformat";
import type { IopubMessage } from "../../kernel/protocol";

const FIX = join(__dirname, "..", "fixtures");

function iopub(msg_type: string, content: unknown): IopubMessage {
  return { header: { msg_type, msg_id: "m", session: "s", username: "u", date: "", version: "5.3" }, parent_header: {}, metadata: {}, content, buffers: [] } as unknown as IopubMessage;
}

describe("nbformat reading", () => {
  const cases: Array<[string, RegExp]> = [
    ["invalid-not-json.ipynb", /invalid-not-json\.ipynb: not JSON/],
    ["invalid-nbformat3.ipynb", /invalid-nbformat3\.ipynb: not nbformat 4 \(nbformat is 3\)/],
    ["invalid-schema.ipynb", /invalid-schema\.ipynb: schema error: cells\[0\]\.source must be a string or a list of strings/],
    ["does-not-exist.ipynb", /does-not-exist\.ipynb: cannot read \(ENOENT\)/],
  ];
  for (const [file, message] of cases) {
    it(`rejects ${file} with a message naming the file`, async () => {
      await assert.rejects(readNotebook(join(FIX, file)), (e: Error) => e instanceof NotebookError && message.test(e.message));
    });
  }

  it("reports schema problems with their JSON path", () => {
    const base = { nbformat: 4, nbformat_minor: 5, metadata: {} };
    assert.throws(() => parseNotebook(JSON.stringify({ ...base, cells: [{ cell_type: "bogus", source: "", metadata: {} }] }), "x.ipynb"), /cells\[0\]\.cell_type "bogus"/);
    assert.throws(() => parseNotebook(JSON.stringify({ ...base, cells: [{ cell_type: "code", source: "", metadata: {}, outputs: [{ output_type: "stream", name: "nope", text: "" }], execution_count: null }] }), "x.ipynb"), /cells\[0\]\.outputs\[0\]: a stream needs name/);
    assert.throws(() => parseNotebook(JSON.stringify({ ...base, cells: [{ cell_type: "markdown", id: "a", source: "", metadata: {} }, { cell_type: "markdown", id: "a", source: "", metadata: {} }] }), "x.ipynb"), /cells\[1\]\.id "a" is not unique/);
    assert.throws(() => parseNotebook(JSON.stringify({ ...base, cells: {} }), "x.ipynb"), /x\.ipynb: cells must be a list/);
  });

  it("accepts every fixture meant to run", async () => {
    for (const f of ["multi-cell", "error-cell", "parameters", "skip-and-raises-tags"]) {
      const nb = await readNotebook(join(FIX, `${f}.ipynb`));
      assert.equal(nb.nbformat, 4);
    }
  });
});

describe("nbformat writing", () => {
  it("writes atomically in nbformat 4.5 layout and leaves no temp file", async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), "nbwrite-"));
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", id: "a1", metadata: {}, source: "x\ny", outputs: [{ output_type: "stream", name: "stdout", text: "1\n2\n" }], execution_count: 1 }] };
    await writeNotebookAtomic(join(dir, "out.ipynb"), nb);
    assert.deepEqual(await fs.readdir(dir), ["out.ipynb"]);
    const text = await fs.readFile(join(dir, "out.ipynb"), "utf8");
    const back = JSON.parse(text);
    assert.deepEqual(back.cells[0].source, ["x\n", "y"]);
    assert.deepEqual(back.cells[0].outputs[0].text, ["1\n", "2\n"]);
    assert.ok(text.endsWith("}\n"));
    await fs.rm(dir, { recursive: true });
  });
});

describe("output rebuilding", () => {
  it("merges consecutive streams of the same name only", () => {
    const c = new CellOutputs(new DisplayRegistry());
    for (const [name, text] of [["stdout", "a\n"], ["stdout", "b\n"], ["stderr", "w\n"], ["stdout", "c"], ["stdout", "d\n"]] as const) c.handle(iopub("stream", { name, text }));
    assert.deepEqual(c.outputs.map((o) => [o.output_type, (o as { name: string }).name, sourceText((o as { text: string }).text)]), [["stream", "stdout", "a\nb\n"], ["stream", "stderr", "w\n"], ["stream", "stdout", "cd\n"]]);
    assert.equal(c.stderr(), "w\n");
  });

  it("updates displays by display_id, also in an earlier cell", () => {
    const reg = new DisplayRegistry();
    const first = new CellOutputs(reg);
    first.handle(iopub("display_data", { data: { "text/plain": "v1" }, metadata: {}, transient: { display_id: "d" } }));
    first.handle(iopub("display_data", { data: { "text/plain": "other" }, metadata: {} }));
    const second = new CellOutputs(reg);
    second.handle(iopub("update_display_data", { data: { "text/plain": "v2" }, metadata: { m: 1 }, transient: { display_id: "d" } }));
    assert.equal(second.outputs.length, 0);
    assert.deepEqual(first.outputs.map((o) => (o as { data: Record<string, unknown> }).data["text/plain"]), ["v2", "other"]);
    assert.ok(!("transient" in (first.outputs[0] as object)), "transient is not part of nbformat outputs");
  });

  it("clear_output clears now, or at the next output when wait=true", () => {
    const c = new CellOutputs(new DisplayRegistry());
    c.handle(iopub("stream", { name: "stdout", text: "old\n" }));
    c.handle(iopub("clear_output", { wait: true }));
    assert.equal(c.outputs.length, 1);
    c.handle(iopub("stream", { name: "stdout", text: "new\n" }));
    assert.deepEqual(c.outputs.map((o) => sourceText((o as { text: string }).text)), ["new\n"]);
    c.handle(iopub("clear_output", { wait: false }));
    assert.equal(c.outputs.length, 0);
  });

  it("records execute_result with its execution_count, and error outputs", () => {
    const c = new CellOutputs(new DisplayRegistry());
    c.handle(iopub("execute_input", { code: "1", execution_count: 7 }));
    c.handle(iopub("execute_result", { execution_count: 7, data: { "text/plain": "42" }, metadata: {} }));
    c.handle(iopub("error", { ename: "E", evalue: "v", traceback: ["t"] }));
    assert.equal(c.executionCount, 7);
    assert.deepEqual(c.outputs, [
      { output_type: "execute_result", execution_count: 7, data: { "text/plain": "42" }, metadata: {} },
      { output_type: "error", ename: "E", evalue: "v", traceback: ["t"] },
    ]);
    assert.ok(c.sawError);
  });
});
