// `mfg-lab sweep` as a user runs it (child processes): bad grids, caching, notebook 01 on the local
// engine and on a real Slurm (test/slurm-local.sh) with identical metrics, scancel + --resume.
import { strict as assert } from "node:assert";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { Aggregate, SweepRow } from "../../kernel/sweep";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "kernel", "bin", "mfg-lab.js");
const FIXTURE = join(ROOT, "test", "fixtures", "sweep-seeds.ipynb");
const NB01 = join(ROOT, "notebooks", "01-ode-warmup.ipynb");
/** Wall-clock metrics of notebook 01: everything else must match bit for bit across engines. */
/** wall-clock metrics (`train_seconds`, `tuned.ms_per_step`, …) differ run to run; every other metric must not */
const isTiming = (k: string): boolean => /(^|\.)(train_seconds|ms_per_step)$/.test(k);

interface Done { code: number | null; stderr: string }

function start(args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; done: Promise<Done>; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<Done>((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
  return { child, done, stderr: () => stderr };
}
const sweep = (args: string[], env?: NodeJS.ProcessEnv): Promise<Done> => start(["sweep", ...args], env).done;
const rowsOf = (dir: string): SweepRow[] => JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")) as SweepRow[];
const byRun = (dir: string): Map<string, SweepRow> => new Map(rowsOf(dir).map((r) => [r.run, r]));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An idle node answering sinfo, or why not. */
function slurmIdle(): string | undefined {
  try {
    const states = execFileSync("sinfo", ["-h", "-o", "%T"], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "pipe"] });
    return /idle|mixed/.test(states) ? undefined : `sinfo shows no idle node (${states.trim()})`;
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? "").trim().split("\n").pop();
    return `sinfo does not answer (${stderr !== undefined && stderr !== "" ? stderr : (e as Error).message.split("\n")[0]})`;
  }
}

describe("mfg-lab sweep", function () {
  this.timeout(170_000);
  let tmp: string;
  before(async () => { tmp = await fs.mkdtemp(join(tmpdir(), "sweep-test-")); });
  after(async () => { await fs.rm(tmp, { recursive: true, force: true }); });

  it("checks grid and -p names, kinds and size against the parameters cell before running (exit 2)", async () => {
    const dir = join(tmp, "bad");
    const unknown = await sweep([FIXTURE, "--out", dir, "--grid", "seed=1..2", "--grid", "lrU=0.1,0.2"]);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /unknown parameter\(s\) lrU; the parameters cell declares seed, scale, fail, holdFile/);
    const kind = await sweep([FIXTURE, "--out", dir, "--grid", "seed=1,two"]);
    assert.equal(kind.code, 2);
    assert.match(kind.stderr, /parameter seed is a number \(default 1\), got string "two"/);
    const p = await sweep([FIXTURE, "--out", dir, "--grid", "seed=1..2", "-p", "nope=1"]);
    assert.match(p.stderr, /unknown parameter\(s\) nope/);
    const big = await sweep([FIXTURE, "--out", dir, "--grid", "seed=1..101", "--grid", "scale=1..100"]);
    assert.equal(big.code, 2);
    assert.match(big.stderr, /the grid has 10100 runs \(more than 10000\); add --yes/);
    const noSbatch = await sweep([FIXTURE, "--out", dir, "--grid", "seed=1..2", "--engine", "slurm"], { ...process.env, PATH: join(tmp, "empty-path") });
    assert.equal(noSbatch.code, 2);
    assert.match(noSbatch.stderr, /not on PATH: sbatch/);
    assert.equal(existsSync(dir), false, "nothing may be written on bad input");
  });

  it("caches completed runs: same sources + params -> cached, --force re-runs, changed source or params re-run, failures never cached", async () => {
    const nb = join(tmp, "sweep-seeds.ipynb"); // a copy, so that its source can change
    await fs.copyFile(FIXTURE, nb);
    const dir = join(tmp, "cache");
    const first = await sweep([nb, "--out", dir, "--grid", "seed=1..2", "--jobs", "2"]);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(rowsOf(dir).map((r) => [r.run, r.status, r.cached, r.metrics]), [["seed=1", "ok", false, { value: 2, square: 1 }], ["seed=2", "ok", false, { value: 4, square: 4 }]]);
    const again = await sweep([nb, "--out", dir, "--grid", "seed=1..2"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(rowsOf(dir).map((r) => r.cached), [true, true]);
    assert.match(again.stderr, /2 cached, 0 to run/);

    const forced = await sweep([nb, "--out", dir, "--grid", "seed=1", "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(byRun(dir).get("seed=1")?.cached, false);

    const text = readFileSync(nb, "utf8").replace("# Sweep fixture", "# Sweep fixture, edited");
    await fs.writeFile(nb, text);
    const edited = await sweep([nb, "--out", dir, "--grid", "seed=1"]);
    assert.equal(edited.code, 0, edited.stderr);
    assert.equal(byRun(dir).get("seed=1")?.cached, false, "a changed cell source must re-run");

    for (let k = 0; k < 2; k++) {
      const failing = await sweep([nb, "--out", dir, "--grid", "seed=1", "-p", "fail=true"]);
      assert.equal(failing.code, 1, failing.stderr);
      const r = byRun(dir).get("seed=1");
      assert.deepEqual([r?.status, r?.cached], ["failed", false], `attempt ${k}: changed params re-run, a failed run is not cached`);
      assert.match(r?.error ?? "", /asked to fail \(seed 1\)/);
    }
    const other = await sweep([nb, "--out", dir, "--grid", "seed=7", "--resume"]);
    assert.equal(other.code, 2, other.stderr);
    assert.match(other.stderr, /--resume: .* holds a sweep of .*sweep-seeds\.ipynb with grid seed=1 and fixed \{"fail":true\}/);
    const none = await sweep(["--resume", "--out", join(tmp, "no-such-sweep")]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /manifest\.json does not exist/);
  });

  it("each kernel of a --jobs k sweep gets LAB_THREADS = ⌊cores / k⌋; a LAB_THREADS the user set is kept", async () => {
    const { LAB_THREADS: _, ...bare } = process.env;
    const marks = join(tmp, "threads");
    const cores = availableParallelism();
    for (const [env, want] of [[bare, String(Math.max(1, Math.floor(cores / 2)))], [{ ...bare, LAB_THREADS: "3" }, "3"]] as const) {
      const r = await sweep([FIXTURE, "--out", join(tmp, `threads-${want}`), "--grid", "seed=1..2", "--jobs", "2", "-p", `threadsFile=${marks}`], env);
      assert.equal(r.code, 0, r.stderr);
      for (const seed of [1, 2]) assert.equal(readFileSync(`${marks}.seed${seed}`, "utf8"), want, `seed ${seed}, LAB_THREADS ${env.LAB_THREADS ?? "unset"}`);
    }
  });

  it("mfg-lab run caches too: summary.json says cached, --force executes", async () => {
    const dir = join(tmp, "run-cache");
    const metrics = join(ROOT, "test", "fixtures", "metrics.ipynb");
    const summary = (): Array<{ cached: boolean; metrics: Record<string, number> }> => JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    for (const [args, cached] of [[[], false], [["--html"], true], [["--force"], false]] as const) {
      const r = await start(["run", metrics, "--out", dir, ...args]).done;
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(summary().map((s) => [s.cached, s.metrics]), [[cached, { relL2: 0.01, steps: 20 }]]);
      if (args.length === 1 && args[0] === "--html") assert.match(readFileSync(join(dir, "index.html"), "utf8"), /ok \(cached\)/);
    }
  });

  describe("notebook 01, 4 quick runs", function () {
    this.timeout(600_000); // ~10 s a run on two busy cores; minutes when the machine is oversubscribed
    const grid = ["--grid", "seed=1..4", "-p", "quick=true", "-p", "compare=false", "--jobs", "2"];
    let local: string;

    it("local engine: sweep.json, aggregate.json checked by hand, and the --html index", async () => {
      local = join(tmp, "nb01-local");
      const r = await sweep([NB01, "--out", local, ...grid, "--html"]);
      assert.equal(r.code, 0, r.stderr);
      const rows = rowsOf(local);
      assert.deepEqual(rows.map((x) => [x.run, x.status, x.engine, x.executedPath]), [1, 2, 3, 4].map((s) => [`seed=${s}`, "ok", "local", join(local, "runs", `seed=${s}`, "01-ode-warmup.ipynb")]));
      const errs = rows.map((x) => x.metrics["tuned.rel_l2_error"] as number);
      assert.equal(new Set(errs).size, 4, "different seeds, different results");
      const agg = JSON.parse(readFileSync(join(local, "aggregate.json"), "utf8")) as Aggregate;
      const s = agg.groups[0]?.metrics["tuned.rel_l2_error"];
      const mean = errs.reduce((a, b) => a + b, 0) / 4;
      assert.equal(agg.groups.length, 1);
      assert.equal(s?.n, 4);
      assert.ok(Math.abs((s?.mean as number) - mean) <= 1e-15 * mean);
      assert.ok(Math.abs((s?.std as number) - Math.sqrt(errs.reduce((a, e) => a + (e - mean) ** 2, 0) / 3)) <= 1e-12 * mean);
      assert.deepEqual([s?.min, s?.max], [Math.min(...errs), Math.max(...errs)]);
      const index = readFileSync(join(local, "index.html"), "utf8");
      assert.match(index, /<h2[^>]*>tuned\.rel_l2_error<\/h2>/);
      assert.match(index, /data-figure=/);
      assert.match(index, /"type":"box"/);
      assert.match(index, /href="runs\/seed%3D3\/01-ode-warmup.html"/);
      assert.ok(existsSync(join(local, "runs", "seed=3", "01-ode-warmup.html")));
    });

    it("slurm engine: one job array, every task COMPLETED, metrics bit-identical to the local engine", async function () {
      const why = slurmIdle();
      if (why !== undefined) {
        console.log(`      skipped: ${why}; start a local Slurm with: bash test/slurm-local.sh start`);
        this.skip();
      }
      assert.ok(local !== undefined, "needs the local sweep above");
      const dir = join(tmp, "nb01-slurm");
      const r = await sweep([NB01, "--out", dir, ...grid, "--engine", "slurm"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /submitted slurm job array \d+ \(4 task\(s\)/);
      assert.match(r.stderr, /final states: 4 COMPLETED/);
      const there = byRun(local);
      for (const row of rowsOf(dir)) {
        assert.equal(row.engine, "slurm");
        assert.equal(row.slurm?.state, "COMPLETED");
        const strip = (m: Record<string, number>): [string, number][] => Object.entries(m).filter(([k]) => !isTiming(k));
        assert.deepEqual(strip(row.metrics), strip(there.get(row.run)?.metrics ?? {}), row.run);
        assert.ok(strip(row.metrics).length >= 4);
      }
    });
  });

  it("slurm: a task cancelled mid-run (scancel) is reported CANCELLED, the other completes, --resume runs only it", async function () {
    const why = slurmIdle();
    if (why !== undefined) {
      console.log(`      skipped: ${why}; start a local Slurm with: bash test/slurm-local.sh start`);
      this.skip();
    }
    const dir = join(tmp, "cancel");
    const hold = join(tmp, "hold");
    await fs.writeFile(hold, "");
    const run = start(["sweep", FIXTURE, "--out", dir, "--grid", "seed=1..2", "-p", `holdFile=${JSON.stringify(hold)}`, "--engine", "slurm",
      "--slurm-args", "--time=00:20:00 --job-name='sweep cancel test'"]);
    let exited = false;
    void run.done.then(() => { exited = true; });
    // task 0 (seed=1) waits inside the notebook: cancel it there (seed=2 may be waiting too, or queued on a 1-CPU node)
    for (let i = 0; i < 1200 && !exited && !existsSync(`${hold}.seed1`); i++) await sleep(100);
    assert.ok(existsSync(`${hold}.seed1`), `task 0 should be waiting in the notebook by now:\n${run.stderr()}`);
    const job = /submitted slurm job array (\d+)/.exec(run.stderr())?.[1];
    const info = execFileSync("scontrol", ["show", "job", `${job}_0`], { encoding: "utf8" });
    assert.match(info, /JobName=sweep cancel test\s.*TimeLimit=00:20:00/s, "--slurm-args reach sbatch and override the defaults");
    execFileSync("scancel", [`${job}_0`]);
    await sleep(1000);
    await fs.rm(hold);
    const r = await run.done;
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /seed=1: task \d+_0 CANCELLED/);
    const rows = byRun(dir);
    assert.deepEqual([rows.get("seed=2")?.status, rows.get("seed=2")?.slurm?.state], ["ok", "COMPLETED"]);
    assert.deepEqual([rows.get("seed=1")?.status, rows.get("seed=1")?.slurm?.state], ["failed", "CANCELLED"]);
    assert.match(rows.get("seed=1")?.error ?? "", /ended CANCELLED/);

    const resumed = await sweep(["--resume", "--out", dir, "--engine", "slurm"]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /2 run\(s\), 1 cached, 1 to run on slurm/);
    assert.match(resumed.stderr, /\(1 task\(s\)/);
    const after = byRun(dir);
    assert.deepEqual([after.get("seed=2")?.cached, after.get("seed=1")?.cached, after.get("seed=1")?.status], [true, false, "ok"]);
    assert.deepEqual(after.get("seed=1")?.metrics, { value: 2, square: 1 });
  });
});
