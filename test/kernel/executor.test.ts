// The executor end to end on behaviour-named fixtures. Most run on ONE shared kernel (fast);
// fixtures that kill or wedge their kernel get their own.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectSpec, runNotebook, RunResult, UnknownKernelError } from "../../kernel/executor";
import { NotebookError } from "../../kernel/nbformat";
import { ParameterError } from "../../kernel/params";
import { KernelClient } from "../../kernel/protocol";
import { normaliseNotebook } from "./support/normalise-notebook";

const FIX = join(__dirname, "..", "fixtures");
type Cell = { cell_type: string; source: string[]; outputs: Array<Record<string, unknown>>; metadata: { tags?: string[]; papermill: { status: string; exception: boolean; duration: number | null } } };
const cellsOf = (file: string): Cell[] => (JSON.parse(readFileSync(file, "utf8")) as { cells: Cell[] }).cells;
const text = (c: Cell | undefined): string => (c?.outputs ?? []).filter((o) => o.output_type === "stream").map((o) => (o.text as string[]).join("")).join("");

describe("executor on fixtures", function () {
  this.timeout(120_000);
  let client: KernelClient;
  let out: string;
  const run = (name: string, extra: Partial<Parameters<typeof runNotebook>[0]> = {}): Promise<RunResult> =>
    runNotebook({ input: join(FIX, `${name}.ipynb`), output: join(out, `${name}.ipynb`), client, ...extra });

  before(async () => {
    out = await fs.mkdtemp(join(tmpdir(), "executor-test-"));
    client = await KernelClient.start(projectSpec(), { cwd: FIX });
  });
  after(async () => {
    await client?.shutdown();
    await fs.rm(out, { recursive: true, force: true });
  });

  it("rebuilds the outputs of a multi-cell notebook exactly (ids and times normalised)", async () => {
    const r = await run("multi-cell");
    assert.equal(r.status, "ok", r.message);
    const expected = JSON.parse(readFileSync(join(FIX, "multi-cell.expected.json"), "utf8")) as unknown;
    assert.deepEqual(normaliseNotebook(r.executedPath), expected);
  });

  it("saves the executed copy between cells (autosave), before the run ends", async () => {
    let seenMidRun = "";
    const output = join(out, "autosave.ipynb");
    const r = await runNotebook({
      input: join(FIX, "multi-cell.ipynb"), output, client, autosaveMs: 0,
      onProgress: (e) => { if (e.type === "cell" && e.cell === 3) seenMidRun = text(cellsOf(output)[1]); },
    });
    assert.equal(r.status, "ok", r.message);
    assert.equal(seenMidRun, "a\nb\n");
  });

  it("stops at an error cell, keeps earlier outputs, leaves later cells pending, input untouched", async () => {
    const input = join(FIX, "error-cell.ipynb");
    const before = readFileSync(input, "utf8");
    const r = await run("error-cell");
    assert.equal(readFileSync(input, "utf8"), before);
    assert.equal(r.status, "failed");
    assert.deepEqual({ ...r.failure, notebook: undefined }, { notebook: undefined, cellIndex: 1, cellId: "c-2", firstLines: 'const x = 1;\nthrow new Error("boom in cell 2");', ename: "Error", evalue: "boom in cell 2" });
    assert.match(r.message ?? "", /error-cell\.ipynb: cell 1 \(id c-2\) failed: Error: boom in cell 2\n {4}\| const x = 1;/);
    const cells = cellsOf(r.executedPath);
    assert.equal(text(cells[0]), "before the error\n");
    assert.equal(cells[1]?.metadata.papermill.status, "failed");
    assert.ok(cells[1]?.outputs.some((o) => o.output_type === "error" && o.evalue === "boom in cell 2"));
    assert.equal(cells[2]?.metadata.papermill.status, "pending");
    assert.deepEqual(cells[2]?.outputs, []);
  });

  it("reports a TypeScript type error with its diagnostic", async () => {
    await new Promise((r) => setTimeout(r, 300)); // tslab aborts requests arriving right after an error
    const r = await run("type-error");
    assert.equal(r.status, "failed");
    assert.equal(r.failure?.cellIndex, 1);
    assert.match(r.failure?.evalue ?? "", /Type 'string' is not assignable to type 'number'/);
  });

  it("injects parameters after the parameters cell and the cells see them", async () => {
    const r = await run("parameters", { params: { quick: true, steps: 5, label: "it's" } });
    assert.equal(r.status, "ok", r.message);
    const cells = cellsOf(r.executedPath);
    assert.deepEqual(cells.map((c) => c.metadata.tags ?? []), [[], ["parameters"], ["injected-parameters"], []]);
    assert.deepEqual(JSON.parse(text(cells[3])), { quick: true, steps: 5, label: "it's", sizes: [1, 2] });
  });

  it("rejects unknown parameters before running anything, writing nothing", async () => {
    await assert.rejects(runNotebook({ input: join(FIX, "parameters.ipynb"), output: join(out, "unknown-param.ipynb"), client, params: { nope: 1 } }), (e: Error) => e instanceof ParameterError && /unknown parameter\(s\) nope/.test(e.message));
    await assert.rejects(fs.stat(join(out, "unknown-param.ipynb")));
  });

  it("honours skip-execution and raises-exception tags", async () => {
    const r = await run("skip-and-raises-tags");
    assert.equal(r.status, "ok", r.message);
    const cells = cellsOf(r.executedPath);
    assert.deepEqual(cells.map((c) => [c.metadata.papermill.status, c.metadata.papermill.exception]), [["skipped", false], ["completed", true], ["completed", false]]);
    assert.deepEqual(cells[0]?.outputs, []);
    assert.ok(cells[1]?.outputs.some((o) => o.output_type === "error" && o.evalue === "expected failure"));
    assert.equal(text(cells[2]), "ran after the expected failure\n");
  });

  it("keeps the last metrics display", async () => {
    const r = await run("metrics");
    assert.deepEqual(r.metrics, { relL2: 0.01, steps: 20 });
  });

  it("receives 10,000 printed lines and the idle, merged into one stream", async () => {
    const r = await run("huge-output");
    assert.equal(r.status, "ok", r.message);
    const cells = cellsOf(r.executedPath);
    assert.equal(cells[0]?.outputs.length, 1);
    const lines = text(cells[0]).split("\n").filter((l) => l !== "");
    assert.equal(lines.length, 10_000);
    assert.equal(lines[9999], "line 9999");
    assert.equal(text(cells[1]), "done\n");
  });

  it("writes over the input only with inplace (output = input)", async () => {
    const copy = join(out, "inplace.ipynb");
    await fs.copyFile(join(FIX, "parameters.ipynb"), copy);
    const r = await runNotebook({ input: copy, output: copy, client });
    assert.equal(r.status, "ok", r.message);
    assert.match(text(cellsOf(copy)[2]), /"quick":false/);
    assert.deepEqual((await fs.readdir(out)).filter((f) => f.includes(".tmp")), []);
  });

  it("fails bad input with a message naming the file and writes nothing", async () => {
    for (const [name, type] of [["invalid-not-json", NotebookError], ["invalid-nbformat3", NotebookError], ["invalid-schema", NotebookError], ["invalid-unknown-kernel", UnknownKernelError]] as const) {
      await assert.rejects(runNotebook({ input: join(FIX, `${name}.ipynb`), output: join(out, `${name}.ipynb`) }), (e: Error) => e instanceof type && e.message.includes(`${name}.ipynb`));
      await assert.rejects(fs.stat(join(out, `${name}.ipynb`)));
    }
  });

  it("interrupts a cell past the cell timeout and records the error", async () => {
    const r = await run("timeout", { cellTimeoutMs: 1500 });
    assert.equal(r.failure?.ename, "CellTimeoutError");
    assert.equal(r.failure?.cellIndex, 1);
    const cells = cellsOf(r.executedPath);
    assert.equal(text(cells[0]), "started\n");
    assert.equal(cells[2]?.metadata.papermill.status, "pending");
  });

  it("writes notebooks that pass the official nbformat 4.5 schema (Debian's python3-nbformat)", async function () {
    const check = "import sys, nbformat\nfor f in sys.argv[1:]:\n    nbformat.validate(nbformat.read(f, as_version=nbformat.NO_CONVERT))\nprint(len(sys.argv) - 1)";
    const files = (await fs.readdir(out)).filter((f) => f.endsWith(".ipynb")).map((f) => join(out, f));
    let validated: string;
    try {
      validated = execFileSync("/usr/bin/python3", ["-c", check, ...files], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      const err = String((e as { stderr?: string }).stderr ?? e);
      if (/No module named 'nbformat'|ENOENT/.test(err)) this.skip();
      throw new Error(err);
    }
    assert.equal(Number(validated.trim()), files.length);
    assert.ok(files.length >= 8);
  });

  it("stops at the notebook timeout", async () => {
    await new Promise((r) => setTimeout(r, 300));
    const r = await run("timeout", { timeoutMs: 1500 });
    assert.equal(r.failure?.ename, "NotebookTimeoutError");
    assert.ok(client.isAlive, "SIGINT was enough, the kernel survives");
  });
});

describe("executor with kernels that die", function () {
  this.timeout(120_000);
  let out: string;
  before(async () => { out = await fs.mkdtemp(join(tmpdir(), "executor-death-")); });
  after(async () => { await fs.rm(out, { recursive: true, force: true }); });

  it("reports a dead kernel and still writes the outputs so far", async () => {
    const r = await runNotebook({ input: join(FIX, "kernel-death.ipynb"), output: join(out, "kd.ipynb") });
    assert.equal(r.failure?.ename, "DeadKernelError");
    assert.match(r.failure?.evalue ?? "", /exited with code 3/);
    assert.equal(r.failure?.cellIndex, 1);
    assert.equal(text(cellsOf(r.executedPath)[0]), "alive\n");
  });

  it("kills a kernel that ignores SIGINT, with its child processes", async () => {
    const r = await runNotebook({ input: join(FIX, "timeout-uninterruptible.ipynb"), output: join(out, "tu.ipynb"), cellTimeoutMs: 1500, interruptGraceMs: 1000 });
    assert.equal(r.failure?.ename, "CellTimeoutError");
    assert.match(r.failure?.evalue ?? "", /killed/);
    let orphans = "";
    try { orphans = execFileSync("pgrep", ["-f", "sleep 97"], { encoding: "utf8" }); } catch { /* pgrep exits 1: none */ }
    assert.equal(orphans, "");
  });
});

describe("executor with kernels that behave like stock tslab", function () {
  this.timeout(60_000);
  let out: string;
  const fake = (mode: string): { argv: string[] } => ({ argv: [process.execPath, join(__dirname, "support", "fake-kernel.js"), "{connection_file}", mode] });
  before(async () => { out = await fs.mkdtemp(join(tmpdir(), "executor-stock-")); });
  after(async () => { await fs.rm(out, { recursive: true, force: true }); });

  it("builds the error from stderr when no iopub error comes, and fails on status error", async () => {
    const r = await runNotebook({ input: join(FIX, "error-cell.ipynb"), output: join(out, "e.ipynb"), kernelSpec: fake("stock") });
    assert.equal(r.failure?.cellIndex, 1);
    assert.equal(r.failure?.ename, "Error");
    assert.match(r.failure?.evalue ?? "", /chars of trouble/);
    const cells = cellsOf(r.executedPath);
    assert.deepEqual(cells[1]?.outputs.map((o) => o.output_type), ["stream", "error"]);
  });

  it("retries a request aborted only because an allowed error just happened", async () => {
    const r = await runNotebook({ input: join(FIX, "skip-and-raises-tags.ipynb"), output: join(out, "t.ipynb"), kernelSpec: fake("stock") });
    assert.equal(r.status, "ok", r.message);
    assert.equal(text(cellsOf(r.executedPath)[2]), "genuine\n");
  });

  it("does not hang when the kernel never sends idle (iopub timeout after the reply)", async () => {
    const t0 = Date.now();
    const r = await runNotebook({ input: join(FIX, "parameters.ipynb"), output: join(out, "p.ipynb"), kernelSpec: fake("no-idle"), iopubTimeoutMs: 200 });
    assert.equal(r.status, "ok", r.message);
    assert.ok(Date.now() - t0 < 20_000);
  });
});
