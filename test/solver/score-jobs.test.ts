import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { JobPool } from "../../src/parallel";
import type { HistoryRow } from "../../src/train";
import { bimodal1d } from "../../src/problems";
import { evaluateScore, restoreScorePotential, scoreEvalSet, trainScore, trainScoresOn, type ScoreJobArg, type ScoreJobOptions, type ScoreEvalSet, type ScoreJobResult } from "../../src/scores";

/** a history without its wall times */
const untimed = (h: readonly HistoryRow[]) => h.map(({ time_s: _, ...r }) => r);

describe("scores: trainings as jobs on worker threads (notebook 07)", function () {
  this.timeout(120_000);
  const pi = bimodal1d();
  let set = {} as ScoreEvalSet;
  const base: ScoreJobOptions = { data: pi, t0: 1e-3, T: 5, gamma: 0, regime: "fresh", trainSize: 16, hidden: [8, 8], steps: 12, batch: 32, lr: 1e-2, seed: 5, logEvery: 4 };
  // different costs, so the pool's longest-first queue differs from the arguments' order
  const trains: ScoreJobOptions[] = [base, { ...base, gamma: 1, steps: 24 }, { ...base, target: "stf", stfReference: 64, seed: 6 }, { ...base, regime: "fixed", steps: 6 }];
  let args: ScoreJobArg[] = [];
  let serial: ScoreJobResult[] = [];
  before(async () => {
    await initBackend();
    set = scoreEvalSet(pi, { t0: 1e-3, T: 5, nScore: 200, nDensity: 100, nNll: 16, nSamples: 32, odeSteps: 8, seed: 3 });
    args = trains.map((train) => ({ train, set }));
    const pool = new JobPool(1);
    try { serial = await trainScoresOn(pool, args); } finally { await pool.close(); }
  });

  it("in this thread, a job is trainScore then evaluateScore: the same weights and metrics as the direct calls", () => {
    args.forEach((a, i) => {
      const direct = trainScore(a.train);
      try {
        const w = direct.potential.vars.map((v) => Float32Array.from(v.dataSync() as Float32Array));
        assert.deepEqual(serial[i]!.weights, w, `job ${i}: weights`);
        assert.deepEqual(serial[i]!.metrics, evaluateScore(direct.potential, set), `job ${i}: metrics`);
        assert.deepEqual(untimed(serial[i]!.history), untimed(direct.train.history), `job ${i}: history`);
      } finally {
        direct.potential.dispose();
      }
    });
  });

  it("on 2 worker threads: bit-identical results, in the arguments' order", async () => {
    const pool = new JobPool(2);
    let out: ScoreJobResult[];
    const seen: number[] = [];
    try { out = await trainScoresOn(pool, args, (done) => seen.push(done)); } finally { await pool.close(); }
    assert.deepEqual(seen, [1, 2, 3, 4]);
    out.forEach((r, i) => {
      assert.deepEqual(r.weights, serial[i]!.weights, `job ${i}: weights`);
      assert.deepEqual(r.metrics, serial[i]!.metrics, `job ${i}: metrics`);
      assert.deepEqual(untimed(r.history), untimed(serial[i]!.history), `job ${i}: history`);
    });
    // the arguments differ, so a mix-up of the order would show
    assert.notDeepEqual(out[0]!.weights, out[1]!.weights);
  });

  it("restoreScorePotential rebuilds the trained potential: the same evaluation, no leaked tensors", () => {
    const before = tf.memory().numTensors;
    const p = restoreScorePotential(args[1]!.train, serial[1]!.weights);
    try {
      assert.deepEqual(evaluateScore(p, set), serial[1]!.metrics);
    } finally {
      p.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
  });

  it("restoreScorePotential names a mismatch of the weights and the options, leaking nothing", () => {
    const before = tf.memory().numTensors;
    assert.throws(() => restoreScorePotential({ ...base, hidden: [8, 8, 8] }, serial[0]!.weights), /restoreScorePotential: 6 weight arrays for a potential with 8 variables \(hidden \[8,8,8\]\)/);
    assert.throws(() => restoreScorePotential({ ...base, hidden: [8, 4] }, serial[0]!.weights), /restoreScorePotential: variable 2 has 32 entries, got 64/);
    assert.equal(tf.memory().numTensors, before);
  });
});
