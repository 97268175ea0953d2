// `mfg-lab run` as a user runs it: a child process, exit codes, summary.json, signals.
import { strict as assert } from "node:assert";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "kernel", "bin", "mfg-lab.js");
const FIX = join("test", "fixtures");

interface Done { code: number | null; stdout: string; stderr: string }

function start(args: string[]): { child: ChildProcess; done: Promise<Done>; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => { stdout += d.toString(); });
  child.stderr?.on("data", (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<Done>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}
const cli = (args: string[]): Promise<Done> => start(args).done;

describe("mfg-lab CLI", function () {
  this.timeout(120_000);
  let out: string;
  before(async () => { out = await fs.mkdtemp(join(tmpdir(), "cli-test-")); });
  after(async () => { await fs.rm(out, { recursive: true, force: true }); });

  it("prints usage with --help and exits 2 on a usage error", async () => {
    const help = await cli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: mfg-lab run <notebooks/);
    const bad = await cli(["run", join(FIX, "parameters.ipynb")]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--out <dir> is required/);
  });

  it("exits 2 on bad input, naming every bad file, and writes nothing", async () => {
    const dir = join(out, "bad");
    const r = await cli(["run", join(FIX, "invalid-not-json.ipynb"), join(FIX, "invalid-unknown-kernel.ipynb"), join(FIX, "parameters.ipynb"), "--out", dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid-not-json\.ipynb: not JSON/);
    assert.match(r.stderr, /invalid-unknown-kernel\.ipynb: unknown kernel "no-such-kernel"/);
    assert.equal(existsSync(dir), false);
    const over = await cli(["run", join(FIX, "parameters.ipynb"), "--out", FIX]);
    assert.equal(over.code, 2);
    assert.match(over.stderr, /parameters\.ipynb: --out would overwrite the input notebook/);
  });

  it("exits 0 when all pass, with -f then -p parameters", async () => {
    const file = join(out, "params.json");
    await fs.writeFile(file, JSON.stringify({ label: "from-file", steps: 1 }));
    const r = await cli(["run", join(FIX, "parameters.ipynb"), "--out", join(out, "ok"), "-f", file, "-p", "steps=7"]);
    assert.equal(r.code, 0, r.stderr);
    const nb = JSON.parse(readFileSync(join(out, "ok", "parameters.ipynb"), "utf8")) as { cells: Array<{ outputs: Array<{ text?: string[] }> }> };
    assert.deepEqual(JSON.parse(nb.cells[3]?.outputs[0]?.text?.join("") ?? "null"), { quick: false, steps: 7, label: "from-file", sizes: [1, 2] });
  });

  it("--no-input writes a report page per notebook and an index, also for a failed notebook", async () => {
    const dir = join(out, "html");
    const r = await cli(["run", join(FIX, "error-cell.ipynb"), join(FIX, "metrics.ipynb"), "--out", dir, "--no-input"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /reports: 2 page\(s\)/);
    const failed = readFileSync(join(dir, "error-cell.html"), "utf8");
    assert.match(failed, /<pre class="error">[^]*boom in cell 2/);
    assert.doesNotMatch(failed, /class="input"/);
    const index = readFileSync(join(dir, "index.html"), "utf8");
    assert.match(index, /<a href="error-cell.html">[^]*class="status-failed">failed/);
    assert.match(index, /<a href="metrics.html">[^]*relL2 = 0.01000/);
    const usage = await cli(["run", join(FIX, "metrics.ipynb"), "--inplace", "--html"]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--html, --no-input and --png need --out/);
  });

  it("exits 1 when a notebook fails and writes summary.json in input order (--jobs 2)", async () => {
    const dir = join(out, "mixed");
    const r = await cli(["run", join(FIX, "error-cell.ipynb"), join(FIX, "metrics.ipynb"), "--out", dir, "--jobs", "2"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /metrics\.ipynb: cell 2\/2/); // plain progress lines when not a TTY
    assert.match(r.stderr, /FAILED .*error-cell\.ipynb[^]*cell 1 \(id c-2\) failed: Error: boom in cell 2/);
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Array<Record<string, unknown>>;
    assert.deepEqual(summary.map((s) => [s.notebook, s.status, s.metrics]), [[join(FIX, "error-cell.ipynb"), "failed", {}], [join(FIX, "metrics.ipynb"), "ok", { relL2: 0.01, steps: 20 }]]);
    for (const s of summary) assert.ok(typeof s.seconds === "number" && s.seconds > 0);
    assert.ok(existsSync(join(dir, "error-cell.ipynb")) && existsSync(join(dir, "metrics.ipynb")));
  });

  it("on SIGINT kills the kernel, writes the partial notebook and exits 130", async () => {
    const dir = join(out, "sigint");
    const run = start(["run", join(FIX, "timeout.ipynb"), "--out", dir]);
    for (let i = 0; i < 600 && !/cell 2\/3/.test(run.stderr()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    const kernels = execFileSync("pgrep", ["-P", String(run.child.pid)], { encoding: "utf8" }).trim().split("\n").map(Number);
    assert.ok(kernels.length >= 1);
    run.child.kill("SIGINT");
    const r = await run.done;
    assert.equal(r.code, 130, r.stderr);
    for (const pid of kernels) assert.throws(() => process.kill(pid, 0), "kernel process must be gone");
    const nb = JSON.parse(readFileSync(join(dir, "timeout.ipynb"), "utf8")) as { cells: Array<{ outputs: Array<Record<string, unknown>> }> };
    assert.deepEqual(nb.cells[0]?.outputs[0]?.text, ["started\n"]);
    assert.equal(nb.cells[1]?.outputs.find((o) => o.output_type === "error")?.ename, "ExecutorInterrupted");
  });
});
