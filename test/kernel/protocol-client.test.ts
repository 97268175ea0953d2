// The Jupyter client against the real (project) tslab kernel and a fake kernel that forges messages.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectSpec } from "../../kernel/executor";
import { ExecuteTimeoutError, KernelClient, KernelDiedError, KernelStartError, liveKernelCount, sleep } from "../../kernel/protocol";
import type { IopubMessage } from "../../kernel/protocol";

const CWD = join(__dirname, "..", "fixtures");
const alive = (pid: number | undefined): boolean => { try { process.kill(pid as number, 0); return true; } catch { return false; } };

describe("KernelClient with the tslab kernel", function () {
  this.timeout(60_000);
  let client: KernelClient;

  before(async () => { client = await KernelClient.start(projectSpec(), { cwd: CWD }); });
  after(async () => { await client?.shutdown(); });

  it("completes the kernel_info handshake over protocol 5.x with a private connection file", () => {
    assert.match(client.kernelInfo?.protocol_version ?? "", /^5\./);
    assert.equal(statSync(client.connectionFile).mode & 0o777, 0o600);
    assert.equal(client.info.ip, "127.0.0.1");
  });

  it("resolves execute after the reply AND the iopub idle, with outputs in between", async () => {
    const seen: IopubMessage[] = [];
    const reply = await client.execute('console.log("hello from the kernel");', { onIopub: (m) => seen.push(m) });
    assert.equal(reply.status, "ok");
    const types = seen.map((m) => m.header.msg_type);
    assert.equal(types[types.length - 1], "status");
    assert.equal((seen[seen.length - 1]?.content as { execution_state: string }).execution_state, "idle");
    const text = seen.filter((m) => m.header.msg_type === "stream").map((m) => (m.content as { text: string }).text).join("");
    assert.equal(text, "hello from the kernel\n");
    assert.equal(client.rejectedMessages, 0);
  });

  it("interrupts a spinning cell with SIGINT on timeout and keeps the kernel usable", async () => {
    const t0 = Date.now();
    await assert.rejects(client.execute("while (true) {}", { timeoutMs: 1000, interruptGraceMs: 10_000 }), (e: Error) => e instanceof ExecuteTimeoutError && !e.killed);
    assert.ok(Date.now() - t0 < 10_000);
    await sleep(300); // tslab aborts requests arriving right after an error
    assert.equal((await client.execute("const afterInterrupt = 1;")).status, "ok");
    assert.ok(client.isAlive);
  });

  it("shuts down cleanly: process gone, connection file removed, no live kernel left", async () => {
    const before = liveKernelCount();
    await client.shutdown();
    assert.equal(alive(client.pid), false);
    assert.equal(existsSync(client.connectionFile), false);
    assert.equal(liveKernelCount(), before - 1);
  });
});

describe("KernelClient lifecycle", function () {
  this.timeout(60_000);

  it("reports a kernel that exits mid-cell as dead, with its exit code", async () => {
    const c = await KernelClient.start(projectSpec(), { cwd: CWD });
    try {
      await assert.rejects(c.execute("process.exit(4);"), (e: Error) => e instanceof KernelDiedError && /exited with code 4/.test(e.message));
      assert.equal(c.isAlive, false);
      await assert.rejects(c.execute("1"), KernelDiedError);
    } finally {
      await c.shutdown();
    }
    assert.equal(existsSync(c.connectionFile), false);
  });

  it("declares an idle kernel that stops answering heartbeats dead, and kills it", async () => {
    const c = await KernelClient.start(projectSpec(), { cwd: CWD, heartbeatMs: 200, heartbeatDeadMs: 1000 });
    try {
      process.kill(c.pid as number, "SIGSTOP");
      for (let i = 0; i < 50 && c.isAlive; i++) await sleep(100);
      assert.equal(c.isAlive, false);
      assert.match(c.deathReason?.message ?? "", /heartbeat/);
      await c.shutdown();
      assert.equal(alive(c.pid), false);
    } finally {
      if (alive(c.pid)) process.kill(c.pid as number, "SIGKILL");
    }
  });

  it("fails to start with the kernel's own output in the message", async () => {
    const spec = { argv: [process.execPath, "-e", "console.error('no kernel today'); process.exit(7)", "{connection_file}"] };
    await assert.rejects(KernelClient.start(spec, { cwd: CWD }), (e: Error) => e instanceof KernelStartError && /no kernel today/.test(e.message) && /code 7/.test(e.message));
  });

  it("retries a start whose port another process took (Address already in use), with fresh ports", async () => {
    const dir = mkdtempSync(join(tmpdir(), "port-race-"));
    const count = join(dir, "attempts");
    // Dies of a taken port on the first two starts, then is a working kernel.
    const script = `const fs = require("fs"); const n = fs.existsSync(${JSON.stringify(count)}) ? Number(fs.readFileSync(${JSON.stringify(count)}, "utf8")) : 0;
fs.writeFileSync(${JSON.stringify(count)}, String(n + 1));
if (n < 2) { console.error("Error: Address already in use"); process.exit(1); }
process.argv.splice(1, 0, ${JSON.stringify(join(__dirname, "support", "fake-kernel.js"))}); require(process.argv[1]);`;
    const c = await KernelClient.start({ argv: [process.execPath, "-e", script, "{connection_file}"] }, { cwd: CWD });
    await c.shutdown();
    assert.equal(readFileSync(count, "utf8"), "3");
    writeFileSync(count, "-100"); // now it never binds: the start fails after a bounded number of attempts
    await assert.rejects(KernelClient.start({ argv: [process.execPath, "-e", script, "{connection_file}"] }, { cwd: CWD }),
      (e: Error) => e instanceof KernelStartError && /Address already in use/.test(e.message));
    assert.equal(readFileSync(count, "utf8"), "-96", "four attempts, then the error");
    rmSync(dir, { recursive: true, force: true });
  });

  it("drops iopub messages with a forged signature", async () => {
    const spec = { argv: [process.execPath, join(__dirname, "support", "fake-kernel.js"), "{connection_file}"] };
    const c = await KernelClient.start(spec, { cwd: CWD });
    try {
      let text = "";
      await c.execute("anything", { onIopub: (m) => { if (m.header.msg_type === "stream") text += (m.content as { text: string }).text; } });
      assert.equal(text, "genuine\n");
      assert.equal(c.rejectedMessages, 1);
    } finally {
      await c.shutdown();
    }
  });
});
