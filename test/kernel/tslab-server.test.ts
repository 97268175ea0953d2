// Behaviours of our kernel (kernel/server) beyond the old tslab patches, through the real protocol.
// One kernel for the file, started where Jupyter starts it (the notebook's folder).
import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../kernel/kernelspec";
import * as zmq from "zeromq";
import { endpoint, iopubEvent, KernelClient } from "../../kernel/protocol";
import { ofType, run, testKernelSpec } from "./support/kernel";

describe("mfg-lab kernel server", function () {
  this.timeout(120_000);
  let k: KernelClient;

  before(async () => {
    k = await KernelClient.start({ ...testKernelSpec(), interrupt_mode: "message" }, {
      cwd: join(projectRoot(), "notebooks"), startupTimeoutMs: 60_000,
    });
  });
  after(async () => { await k?.shutdown(); });

  it("a cell's execute_reply and idle go out when it ends, not after the 5 s synchronous cell queued behind it", async () => {
    let text = "";
    let idleAt = 0;
    let replyAt = 0;
    const first = k.execute("await new Promise((r) => setTimeout(r, 100));\nconsole.log(`end=${Date.now()}`);", {
      onIopub: (m) => {
        const e = iopubEvent(m);
        if (e.type === "stream") text += e.content.text;
        if (e.type === "status" && e.content.execution_state === "idle") idleAt = Date.now();
      },
    }).then((reply) => { replyAt = Date.now(); return reply; });
    const second = k.execute("const t0 = Date.now();\nwhile (Date.now() - t0 < 5000) { /* a long synchronous cell */ }");
    const [r1, r2] = await Promise.all([first, second]);
    assert.deepEqual([r1.status, r2.status], ["ok", "ok"]);
    const end = Number(/end=(\d+)/.exec(text)?.[1]);
    assert.ok(Number.isFinite(end), `the first cell printed its end time: ${JSON.stringify(text)}`);
    assert.ok(replyAt - end < 500, `execute_reply ${replyAt - end} ms after the cell's end`);
    assert.ok(idleAt > 0 && idleAt - end < 500, `idle ${idleAt - end} ms after the cell's end`);
  });

  it("imports ../src without re-checking the project's files, and still type-checks the cell against them", async () => {
    const ok = await run(k, 'import * as lab from "../src";\ntypeof lab.initBackend', 60_000);
    assert.equal(ok.reply.status, "ok", JSON.stringify(ofType(ok, "error")[0]?.content));
    const bad = await run(k, 'const backendName: number = await lab.initBackend("cpu");');
    assert.equal(bad.reply.status, "error");
    const e = ofType(bad, "error")[0]?.content;
    assert.equal(e?.ename, "TSError");
    assert.match(e?.evalue ?? "", /^1:7 - Type '.*' is not assignable to type 'number'/);
  });

  it("a runtime error's traceback names the cell and the line:column in the cell's source", async () => {
    const r = await run(k, 'interface Q { x: number }\nfunction deep(q: Q): never {\n  throw new RangeError("boom " + q.x);\n}\ndeep({ x: 42 });');
    const n = r.reply.execution_count as number;
    const tb = ofType(r, "error")[0]?.content.traceback ?? [];
    assert.equal(tb[0], "RangeError: boom 42", tb.join("\n"));
    assert.ok(tb.includes(`    at deep (In [${n}]:3:9)`), tb.join("\n"));
    assert.ok(tb.includes(`    at In [${n}]:5:1`), tb.join("\n"));
    assert.ok(!tb.some((l) => /mfg-lab-cell-|evalmachine/.test(l)), tb.join("\n"));
  });

  it("...also after a top-level await, and for errors thrown in imported .ts files (their own lines)", async () => {
    const imp = await run(k, 'import { checkPositive } from "../test/fixtures/kernel-server/throws";');
    assert.equal(imp.reply.status, "ok");
    const r = await run(k, "await new Promise((r) => setTimeout(r, 10));\nconst y: number = 2;\n  checkPositive(-y);");
    const n = r.reply.execution_count as number;
    const tb = ofType(r, "error")[0]?.content.traceback ?? [];
    const fixture = join(projectRoot(), "test", "fixtures", "kernel-server", "throws.ts");
    assert.equal(tb[0], "RangeError: not positive: -2", tb.join("\n"));
    // V8 names the receiver: cells call imported functions through tslab's exports Proxy.
    assert.ok(tb.includes(`    at Proxy.checkPositive (${fixture}:5:11)`), tb.join("\n"));
    assert.ok(tb.includes(`    at In [${n}]:3:3`), tb.join("\n"));
  });

  it("re-running a cell after its imported module changed on disk uses the new code (automatic reload)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mfg-kernel-reload-"));
    try {
      const file = join(dir, "knob.ts");
      writeFileSync(file, "export const knob: number = 1;\nexport function twice(x: number): number { return 2 * x; }\n");
      const cell = `import { knob, twice } from ${JSON.stringify(file.replace(/\.ts$/, ""))};\n[knob, twice(5)]`;
      const first = await run(k, cell);
      assert.deepEqual(ofType(first, "execute_result")[0]?.content.data, { "text/plain": "[ 1, 10 ]" });
      writeFileSync(file, "export const knob: number = 7;\nexport function twice(x: number): number { return 20 * x; }\n");
      const later = new Date(Date.now() + 5000);
      utimesSync(file, later, later);
      const second = await run(k, cell);
      assert.deepEqual(ofType(second, "execute_result")[0]?.content.data, { "text/plain": "[ 7, 100 ]" },
        JSON.stringify(ofType(second, "error")[0]?.content));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("input() fails at once with a clear error when the request allows no stdin (allow_stdin false)", async () => {
    const t0 = Date.now();
    const r = await run(k, 'import { input } from "../kernel/server/stdin";\nconst answer = await input("name? ");');
    assert.equal(r.reply.status, "error");
    const e = ofType(r, "error")[0]?.content;
    assert.equal(e?.ename, "StdinNotAllowedError");
    assert.match(e?.evalue ?? "", /allows no stdin \(allow_stdin is false/);
    assert.ok(Date.now() - t0 < 10_000, "no hang");
  });

  it("interrupt_request stops a synchronous cell and the kernel's variables survive", async () => {
    assert.equal((await run(k, "let kept = 41;")).reply.status, "ok");
    const t0 = Date.now();
    const pending = run(k, "while (true) { /* a synchronous cell that never ends */ }");
    await new Promise((r) => setTimeout(r, 1000));
    await k.interrupt();
    const r = await pending;
    assert.equal(r.reply.status, "error");
    assert.match(ofType(r, "error")[0]?.content.evalue ?? "", /interrupted/i);
    assert.ok(Date.now() - t0 < 10_000, "stopped well before any timeout");
    const after = await run(k, "kept + 1");
    assert.deepEqual(ofType(after, "execute_result")[0]?.content.data, { "text/plain": "42" });
    const next = await run(k, "await new Promise((r) => setTimeout(r, 50));\n'after'");
    assert.equal(next.reply.status, "ok", "an interrupt does not poison the next awaiting cell");
  });

  it("the heartbeat answers while a synchronous cell blocks the main thread", async () => {
    const pending = run(k, "const until = Date.now() + 3000;\nwhile (Date.now() < until) { /* busy */ }");
    await new Promise((r) => setTimeout(r, 1000));
    const hb = new zmq.Request({ linger: 0, receiveTimeout: 1000, sendTimeout: 1000 });
    try {
      hb.connect(endpoint(k.info, k.info.hb_port));
      const t0 = Date.now();
      await hb.send("ping");
      const [echo] = await hb.receive();
      assert.equal(echo?.toString(), "ping");
      assert.ok(Date.now() - t0 < 1000, "answered during the cell");
    } finally {
      hb.close();
    }
    assert.equal((await pending).reply.status, "ok");
  });
});

describe("mfg-lab kernel server: ESM-only packages", function () {
  this.timeout(120_000);
  let k: KernelClient;
  let dir: string;

  before(async () => {
    // A notebook folder whose node_modules holds an ESM-only package ("type": "module", no require
    // condition): Node's require() refuses it (ERR_REQUIRE_ESM), the kernel's loader must not.
    dir = mkdtempSync(join(tmpdir(), "mfg-kernel-esm-"));
    cpSync(join(projectRoot(), "test", "fixtures", "kernel-server", "esm-only"), join(dir, "node_modules", "esm-only"), { recursive: true });
    k = await KernelClient.start(testKernelSpec(), { cwd: dir, startupTimeoutMs: 60_000 });
  });
  after(async () => {
    await k?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it("import { x } from an ESM-only package works, typed by its declarations", async () => {
    const r = await run(k, 'import { kind, shout } from "esm-only";\n[kind, shout("hi")]');
    assert.equal(r.reply.status, "ok", JSON.stringify(ofType(r, "error")[0]?.content));
    assert.deepEqual(ofType(r, "execute_result")[0]?.content.data, { "text/plain": "[ 'esm', 'HI!' ]" });
    const typed = await run(k, "const n: number = shout(\"x\");");
    assert.match(ofType(typed, "error")[0]?.content.evalue ?? "", /Type 'string' is not assignable to type 'number'/);
  });
});
