// Regression tests for the tslab patches in kernel/patches, through the real protocol: our kernelspec
// spawns the patched tslab, kernel/protocol's client talks zeromq to it. One kernel for the file.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { projectRoot } from "../../kernel/kernelspec";
import { KernelClient } from "../../kernel/protocol";
import { METRICS_MIME, PLOTLY_MIME } from "../../kernel/display";
import { ofType, run, stdout, testKernelSpec } from "./support/kernel";

describe("tslab patches through the protocol", function () {
  this.timeout(60_000);
  let k: KernelClient;

  before(async () => {
    // interrupt_mode "message": client.interrupt() sends interrupt_request (tested below).
    k = await KernelClient.start({ ...testKernelSpec(), interrupt_mode: "message" }, {
      cwd: join(projectRoot(), "notebooks"),
    });
  });
  after(async () => { await k?.shutdown(); });

  it("kernel_info names the TypeScript that compiles the cells", () => {
    assert.equal(k.kernelInfo?.language_info?.name, "typescript");
    assert.equal(k.kernelInfo?.language_info?.["version"], require("@tslab/typescript-for-tslab").version);
  });

  it("(a) 10,000 printed lines all arrive, in order, and then the idle", async () => {
    const r = await run(k, 'for (let i = 0; i < 10000; i++) console.log("line " + i);');
    assert.equal(r.reply.status, "ok");
    assert.ok(r.idle, "iopub idle lost");
    const expected = Array.from({ length: 10000 }, (_, i) => `line ${i}\n`).join("");
    assert.equal(stdout(r), expected);
  });

  it("(a) 3,000 display messages in flight all arrive (no coalescing for those)", async () => {
    const r = await run(k, 'import { display } from "tslab"; for (let i = 0; i < 3000; i++) display.text("d" + i);');
    assert.equal(r.reply.status, "ok");
    assert.ok(r.idle, "iopub idle lost");
    const texts = ofType(r, "display_data").map((m) => m.content.data["text/plain"]);
    assert.deepEqual(texts, Array.from({ length: 3000 }, (_, i) => `d${i}`));
  });

  it("(a) coalesced streams keep the order of stdout, stderr and displays", async () => {
    const r = await run(k, 'import { display } from "tslab";\n' +
      'console.log("a1"); console.log("a2"); console.error("b"); console.log("c"); display.text("d"); console.log("e");');
    const seq = r.msgs.filter((m) => m.header.msg_type !== "execute_input").map((m) => {
      const c = m.content as { name?: string; text?: string; data?: Record<string, unknown> };
      return m.header.msg_type === "stream" ? `${c.name}:${c.text}` : `${m.header.msg_type}:${String(c.data?.["text/plain"])}`;
    });
    assert.deepEqual(seq, ["stdout:a1\na2\n", "stderr:b\n", "stdout:c\n", "display_data:d", "stdout:e\n"]);
  });

  it("(b) a thrown error is an iopub error (ename, evalue, traceback) and the reply says error", async () => {
    const r = await run(k, 'function deep() { throw new RangeError("boom " + (6 * 7)); }\ndeep();');
    assert.equal(r.reply.status, "error");
    const [err, ...more] = ofType(r, "error");
    assert.ok(err && more.length === 0, "exactly one error message");
    assert.equal(err.content.ename, "RangeError");
    assert.equal(err.content.evalue, "boom 42");
    assert.ok(err.content.traceback.some((l) => l.includes("RangeError: boom 42")), err.content.traceback.join("\n"));
    assert.ok(err.content.traceback.some((l) => /at deep/.test(l)), "the user's frame is kept");
    assert.ok(!err.content.traceback.some((l) => /tslab[\\/]dist/.test(l)), "tslab's own frames are dropped");
    assert.equal(r.reply.ename, "RangeError");
    assert.equal(r.reply.evalue, "boom 42");
    assert.equal(ofType(r, "stream").length, 0, "no duplicate on stderr");
  });

  it("(b) rejected awaits, non-Error throws and type errors are error messages too", async () => {
    const a = await run(k, 'await Promise.reject(new TypeError("async no"));');
    assert.deepEqual([a.reply.status, ofType(a, "error")[0]?.content.ename, ofType(a, "error")[0]?.content.evalue],
      ["error", "TypeError", "async no"]);
    const b = await run(k, 'throw "plain string";');
    assert.deepEqual([ofType(b, "error")[0]?.content.ename, ofType(b, "error")[0]?.content.evalue], ["Error", "'plain string'"]);
    const c = await run(k, 'const n: number = "not a number";');
    const e = ofType(c, "error")[0];
    assert.equal(c.reply.status, "error");
    assert.equal(e?.content.ename, "TSError");
    assert.match(e?.content.evalue ?? "", /1:7 - Type 'string' is not assignable to type 'number'/);
  });

  it("(c) execute_input carries the code and execution counts increase by one", async () => {
    const first = await run(k, "1;");
    const second = await run(k, "const unused = 2;");
    const n1 = first.reply.execution_count;
    assert.equal(typeof n1, "number");
    assert.equal(second.reply.execution_count, (n1 as number) + 1);
    const input = ofType(second, "execute_input")[0];
    assert.deepEqual(input?.content, { code: "const unused = 2;", execution_count: (n1 as number) + 1 });
    assert.equal(second.msgs[0]?.header.msg_type, "execute_input", "execute_input comes first");
  });

  it("(d) the last expression is an execute_result (own toString or util.inspect), not stdout", async () => {
    const r = await run(k, 'const xs = [1, 2, 3];\nconsole.log("side");\nxs.map((v) => v * 2)');
    const res = ofType(r, "execute_result");
    assert.equal(res.length, 1);
    assert.deepEqual(res[0]?.content.data, { "text/plain": "[ 2, 4, 6 ]" });
    assert.equal(res[0]?.content.execution_count, r.reply.execution_count);
    assert.equal(stdout(r), "side\n");
    const s = await run(k, '"abc"');
    assert.deepEqual(ofType(s, "execute_result")[0]?.content.data, { "text/plain": "'abc'" });
    const own = await run(k, 'class Money { constructor(readonly c: number) {} toString() { return `${this.c / 100} EUR`; } }\nnew Money(250)');
    assert.deepEqual(ofType(own, "execute_result")[0]?.content.data, { "text/plain": "2.5 EUR" }, "a class's own toString wins");
    const plain = await run(k, "({ a: 1, b: [new Date(0)] })");
    assert.deepEqual(ofType(plain, "execute_result")[0]?.content.data, { "text/plain": "{ a: 1, b: [ 1970-01-01T00:00:00.000Z ] }" });
    const none = await run(k, "void 0");
    assert.equal(ofType(none, "execute_result").length, 0, "undefined shows nothing");
  });

  it("shorthand properties naming a previous cell's variables work ({ width } -> exports.width)", async () => {
    assert.equal((await run(k, "const width = 3;\nlet depth = 2;")).reply.status, "ok");
    const r = await run(k, "({ width, depth, k: 1 })");
    assert.deepEqual(ofType(r, "execute_result")[0]?.content.data, { "text/plain": "{ width: 3, depth: 2, k: 1 }" },
      JSON.stringify(ofType(r, "error")[0]?.content));
    const d = await run(k, "({ depth = 7 } = { depth: undefined });\ndepth");
    assert.deepEqual(ofType(d, "execute_result")[0]?.content.data, { "text/plain": "7" });
  });

  it("(e) display.bundle sends one display_data with every MIME type", async () => {
    const r = await run(k, 'import { display } from "tslab";\n' +
      'display.bundle({ "text/plain": "p", "text/html": "<b>h</b>", "application/json": { a: 1 } });');
    assert.equal(r.reply.status, "ok");
    const d = ofType(r, "display_data");
    assert.equal(d.length, 1);
    assert.deepEqual(d[0]?.content.data, { "text/plain": "p", "text/html": "<b>h</b>", "application/json": { a: 1 } });
  });

  it("kernel/display: a figure and metrics arrive as single bundles with all their MIME types", async () => {
    const r = await run(k, 'import { showFigure, emitMetrics } from "../kernel/display";\n' +
      'showFigure({ data: [{ type: "scatter", x: [0, 1], y: [1, 0] }], layout: { title: "t" } });\n' +
      "emitMetrics({ relL2: 0.0125 });");
    assert.equal(r.reply.status, "ok", JSON.stringify(r.reply));
    const d = ofType(r, "display_data");
    assert.equal(d.length, 2);
    assert.deepEqual(Object.keys(d[0]?.content.data ?? {}), [PLOTLY_MIME, "text/html", "text/plain"]);
    assert.deepEqual((d[0]?.content.data[PLOTLY_MIME] as { data: unknown }).data, [{ type: "scatter", x: [0, 1], y: [1, 0] }]);
    assert.deepEqual(Object.keys(d[1]?.content.data ?? {}), [METRICS_MIME, "text/html", "text/plain"]);
    assert.deepEqual([d[1]?.content.data[METRICS_MIME], d[1]?.content.data["text/plain"]], [{ relL2: 0.0125 }, '{"relL2":0.0125}']);
  });

  it("kernel/display: progress is one display updated in place (same display_id)", async () => {
    const r = await run(k, 'import { progress } from "../kernel/display";\n' +
      'const p = progress("fit", { minIntervalMs: 0 }); p.update("1/2"); p.update("2/2"); p.done();');
    const shown = ofType(r, "display_data");
    const updates = ofType(r, "update_display_data");
    assert.equal(shown.length, 1);
    assert.equal(updates.length, 3);
    const id = shown[0]?.content.transient?.display_id;
    assert.ok(typeof id === "string" && id !== "");
    assert.ok(updates.every((u) => u.content.transient?.display_id === id));
    assert.match(String(updates[2]?.content.data["text/plain"]), /^fit: 2\/2 \(done in \d+\.\d s\)$/);
  });

  it("(g) a request sent right after an error runs (stock tslab answered abort for 200 ms)", async () => {
    const bad = await run(k, 'throw new Error("first");');
    assert.equal(bad.reply.status, "error");
    const next = await run(k, "40 + 2");
    assert.equal(next.reply.status, "ok");
    assert.deepEqual(ofType(next, "execute_result")[0]?.content.data, { "text/plain": "42" });
  });

  it("(g) requests already queued behind a failing cell are aborted (stop_on_error)", async () => {
    const failing = run(k, 'await new Promise((r) => setTimeout(r, 300)); throw new Error("stop");');
    const queued = run(k, "1 + 1");
    const [f, q] = await Promise.all([failing, queued]);
    assert.equal(f.reply.status, "error");
    assert.equal(q.reply.status, "aborted");
    assert.equal((await run(k, "3")).reply.status, "ok");
  });

  it("(g) interrupt_request stops an awaiting cell", async () => {
    const t0 = Date.now();
    const pending = run(k, "await new Promise((r) => setTimeout(r, 30_000));");
    await new Promise((r) => setTimeout(r, 500));
    await k.interrupt();
    const r = await pending;
    assert.equal(r.reply.status, "error");
    assert.match(ofType(r, "error")[0]?.content.evalue ?? "", /Interrupted/);
    assert.ok(Date.now() - t0 < 10_000, "interrupted well before the 30 s timer");
    assert.equal((await run(k, "5")).reply.status, "ok");
  });
});
