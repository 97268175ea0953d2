import { strict as assert } from "assert";
import { join } from "node:path";
import { JobPool, type JobRef, labThreads } from "../../src/parallel";
import { initBackend } from "../../src/backend";
import { kernelThreadsEnv } from "../../kernel/executor";
import * as wfr from "../../src/wfr";

const fixture = join(__dirname, "..", "fixtures", "parallel-jobs.ts");
const job = (name: string): JobRef => ({ module: fixture, name });

describe("parallel: the job pool", () => {
  it("LAB_THREADS: a positive integer, else the number of cores; bad values are named", () => {
    assert.equal(labThreads({ LAB_THREADS: "3" }), 3);
    assert.ok(labThreads({}) >= 1);
    assert.throws(() => labThreads({ LAB_THREADS: "0" }), /LAB_THREADS: the environment variable must be a positive integer, got 0/);
    assert.throws(() => labThreads({ LAB_THREADS: "two" }), /LAB_THREADS.*positive integer, got NaN/);
    assert.throws(() => new JobPool(1.5), /JobPool: threads must be a positive integer/);
  });

  for (const threads of [1, 2, 3]) {
    it(`${threads} thread(s): results in the arguments' order, progress forwarded`, async () => {
      const pool = new JobPool(threads);
      try {
        const xs = [5, 1, 4, 2, 3, 7, 6];
        let last = 0;
        const out = await pool.map<number, { x: number; y: number; thread: number }>(job("square"), xs, (done, total) => {
          assert.equal(done, last + 1);
          assert.equal(total, xs.length);
          last = done;
        });
        assert.deepEqual(out.map((r) => [r.x, r.y]), xs.map((x) => [x, x * x]));
        const used = new Set(out.map((r) => r.thread));
        // one thread: this thread (id 0); more: worker threads only, never more than asked
        if (threads === 1) assert.deepEqual([...used], [0]);
        else assert.ok(!used.has(0) && used.size <= threads, `threads used: ${[...used].join(", ")}`);
        const said: string[] = [];
        assert.equal(await pool.run(job("later"), { value: "ok", ms: 20 }, (m) => said.push(m)), "ok");
        assert.deepEqual(said, ["waiting 20 ms"]);
      } finally {
        await pool.close();
      }
    });

    it(`${threads} thread(s): a failing job rejects with its name and message; the pool goes on`, async () => {
      const pool = new JobPool(threads);
      try {
        await assert.rejects(pool.run(job("fails"), { why: "planted" }), (e: Error) =>
          /fails/.test(e.message) && /fixture job failed: planted/.test(e.message));
        await assert.rejects(pool.run(job("notAFunction"), 0), /exports no function named "notAFunction"/);
        assert.equal((await pool.run<number, { y: number }>(job("square"), 9)).y, 81);
      } finally {
        await pool.close();
      }
    });
  }

  it("close() rejects the queued jobs by name", async () => {
    const pool = new JobPool(2);
    const runs = [0, 1, 2, 3].map(() => pool.run(job("later"), { value: "x", ms: 2000 }).then(() => undefined, (e: Error) => e));
    await pool.close();
    for (const r of runs) assert.match(String(await r), /JobPool: closed (before|while) later/);
    await assert.rejects(pool.run(job("square"), 1), /closed; cannot run square/);
  });
});

describe("parallel: the notebook 05 jobs give the in-thread results bit for bit", () => {
  before(async () => {
    await initBackend();
  });

  it("studyGamesOn on 2 threads equals studyGame in this thread (both games)", async () => {
    const options: wfr.StudyOptions = { dims: [2, 3], particles: [4, 6], seeds: [1, 2], steps: 40, tuneSeeds: [900], tuneSteps: 30,
      grid: { eta: [0.01, 0.1], etaFR: [0.3, 1], beta: [10, 100] } };
    const pool = new JobPool(2);
    try {
      const both = await wfr.studyGamesOn(pool, ["a", "b"], options);
      for (const [name, make] of [["a", wfr.polyGameA], ["b", wfr.polyGameB]] as const) {
        const ref = wfr.studyGame(make, options);
        const got = both.get(name)!;
        assert.deepEqual(got.rows, ref.rows);
        assert.deepEqual([...got.tune.entries()], [...ref.tune.entries()]);
        assert.deepEqual(got.paper, ref.paper);
        assert.ok(got.rows.length > 0);
      }
      // the two games differ (the assembly did not mix them up)
      assert.notDeepEqual(both.get("a")!.rows, both.get("b")!.rows);
    } finally {
      await pool.close();
    }
  });

  it("mixtureGanJob in a worker equals the same job in this thread", async () => {
    const arg: wfr.MixtureGanJobArg = { config: { generators: 2, critics: 2, etaFR: 1, genSteps: 4, seed: 3, genHidden: 8, criticHidden: 8, nCritic: 2, batch: 32 },
      evalEvery: 2, evalSamples: 200, finalSamples: 300, finalSeed: 6 };
    const here = await wfr.mixtureGanJob(arg);
    const pool = new JobPool(2);
    try {
      const [there] = await wfr.mixtureGansOn(pool, [arg]);
      assert.deepEqual(there!.rows, here.rows);
      assert.deepEqual(there!.w, here.w);
      assert.deepEqual(there!.final, here.final);
      assert.deepEqual(Array.from(there!.samples.xy), Array.from(here.samples.xy));
      assert.ok(here.w.some((w) => w !== 0.5), "the Fisher–Rao step moved the weights");
      // the trivial baseline is the untrained mixture, and leaves training as trainMixtureGan alone runs it
      assert.deepEqual(there!.initial, here.initial);
      const alone = wfr.trainMixtureGan(arg.config, arg.evalEvery, arg.evalSamples);
      assert.deepEqual(alone.rows, here.rows);
      alone.gan.dispose();
      const fresh = new wfr.MixtureGan(arg.config);
      assert.deepEqual(fresh.evaluate(arg.finalSamples, arg.finalSeed), here.initial);
      fresh.dispose();
      assert.notDeepEqual(here.initial, here.final);
    } finally {
      await pool.close();
    }
  });
});

describe("parallel: how many threads", () => {
  it("LAB_THREADS first, then a Slurm task's SLURM_CPUS_PER_TASK, then the cores", () => {
    assert.equal(labThreads({ LAB_THREADS: "2", SLURM_CPUS_PER_TASK: "8" }), 2);
    assert.equal(labThreads({ SLURM_CPUS_PER_TASK: "8" }), 8);
    assert.throws(() => labThreads({ SLURM_CPUS_PER_TASK: "-1" }), /SLURM_CPUS_PER_TASK: the environment variable must be a positive integer/);
  });

  it("kernelThreadsEnv: ⌊cores / concurrent⌋, at least 1, nothing when the user set LAB_THREADS", () => {
    assert.deepEqual(kernelThreadsEnv(2, {}, 2), { LAB_THREADS: "1" });
    assert.deepEqual(kernelThreadsEnv(1, {}, 8), { LAB_THREADS: "8" });
    assert.deepEqual(kernelThreadsEnv(3, {}, 8), { LAB_THREADS: "2" });
    assert.deepEqual(kernelThreadsEnv(5, {}, 2), { LAB_THREADS: "1" });
    assert.deepEqual(kernelThreadsEnv(2, { LAB_THREADS: "4" }, 2), {});
  });
});
