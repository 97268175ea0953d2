// The sweep's pure parts: statistics against hand computations and published t quantiles, grids,
// run ids, grouping, Slurm argument and state parsing, and the notebook-side aggregate helpers.
import { strict as assert } from "node:assert";
import { aggregateBandFigure, aggregateRows } from "../../kernel/display";
import { ParameterError } from "../../kernel/params";
import {
  aggregate, arraySpec, expandGrid, parseGridArg, parseStates, splitArgs, studentTQuantile, summarize, SweepRow,
} from "../../kernel/sweep";

const close = (a: number, b: number, rel = 1e-12): void => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`);

function row(run: string, params: Record<string, number>, metrics: Record<string, number>, status: "ok" | "failed" = "ok"): SweepRow {
  return { run, params, status, seconds: 1, metrics, executedPath: `x/${run}.ipynb`, engine: "local", cached: false };
}

describe("sweep statistics", () => {
  it("Student t 0.975 quantiles match the published table (10 digits)", () => {
    // from any t table: df 1, 2, 4, 9, 29, 120
    const table: [number, number][] = [[1, 12.7062047362], [2, 4.30265272975], [4, 2.77644510520], [9, 2.26215716280], [29, 2.04522964213], [120, 1.97993040505]];
    for (const [df, t] of table) close(studentTQuantile(0.975, df), t, 1e-10);
  });

  it("summarize: n, mean, sample std, min, median, max and the t interval, by hand", () => {
    // values 2, 4, 4, 5, 10: mean 5, deviations -3,-1,-1,0,5 -> squares sum 36, var 36/4 = 9, std 3
    const s = summarize([4, 10, 2, 5, 4]);
    assert.deepEqual({ n: s.n, mean: s.mean, std: s.std, min: s.min, median: s.median, max: s.max }, { n: 5, mean: 5, std: 3, min: 2, median: 4, max: 10 });
    const half = (2.7764451052 * 3) / Math.sqrt(5); // t(0.975, 4) * std / sqrt(n)
    close((s.ci95 as [number, number])[0], 5 - half, 1e-10);
    close((s.ci95 as [number, number])[1], 5 + half, 1e-10);
    assert.equal(summarize([1, 2, 3, 4]).median, 2.5);
    assert.deepEqual(summarize([7]), { n: 1, mean: 7, std: null, min: 7, median: 7, max: 7, ci95: null });
    assert.throws(() => summarize([1, NaN]), /NaN is not finite/);
  });

  it("aggregate: groups are the grid minus seed, failed runs listed and left out of the statistics", () => {
    const rows = [
      row("seed=1,lr=0.1", { seed: 1, lr: 0.1 }, { err: 1 }), row("seed=1,lr=0.2", { seed: 1, lr: 0.2 }, { err: 10 }),
      row("seed=2,lr=0.1", { seed: 2, lr: 0.1 }, { err: 3 }), row("seed=2,lr=0.2", { seed: 2, lr: 0.2 }, { err: 99 }, "failed"),
      row("seed=3,lr=0.1", { seed: 3, lr: 0.1 }, { err: 2, extra: 5 }), row("seed=3,lr=0.2", { seed: 3, lr: 0.2 }, { err: 20 }),
    ];
    const agg = aggregate("nb.ipynb", rows, ["seed", "lr"], "seed");
    assert.deepEqual(agg.groupBy, ["lr"]);
    assert.deepEqual(agg.groups.map((g) => [g.group, g.runs.length, g.failed]), [["lr=0.1", 3, []], ["lr=0.2", 3, ["seed=2,lr=0.2"]]]);
    const [a, b] = agg.groups;
    assert.deepEqual({ n: a?.metrics.err?.n, mean: a?.metrics.err?.mean, std: a?.metrics.err?.std, median: a?.metrics.err?.median }, { n: 3, mean: 2, std: 1, median: 2 });
    assert.equal(a?.metrics.extra?.n, 1);
    assert.deepEqual({ n: b?.metrics.err?.n, mean: b?.metrics.err?.mean }, { n: 2, mean: 15 });
    close(b?.metrics.err?.std as number, Math.sqrt(50)); // (10-15)^2 + (20-15)^2 over n-1 = 1
    const seedsOnly = aggregate("nb.ipynb", rows.slice(0, 1), ["seed"], "seed");
    assert.equal(seedsOnly.groups[0]?.group, "all");
  });

  it("notebook helpers: mean ± std rows and a band figure along a grid axis", () => {
    const rows = [1, 2, 3].flatMap((seed) => [0.1, 0.2].map((lr) => row(`seed=${seed},lr=${lr}`, { seed, lr }, { err: lr * 10 + seed })));
    const agg = aggregate("nb.ipynb", [...rows].reverse(), ["seed", "lr"], "seed");
    assert.deepEqual(aggregateRows(agg), [{ lr: 0.2, n: 3, err: "4.00 ± 1.0" }, { lr: 0.1, n: 3, err: "3.00 ± 1.0" }]);
    const fig = aggregateBandFigure(agg, "lr", "err") as { data: Array<{ x: number[]; y: number[]; error_y?: { array: number[] } }> };
    assert.deepEqual(fig.data[2]?.x, [0.1, 0.2]); // sorted along the axis
    assert.deepEqual(fig.data[2]?.y, [3, 4]);
    assert.deepEqual(fig.data[0]?.y, [2, 3]);
    close(fig.data[2]?.error_y?.array[0] as number, 4.30265272975 / Math.sqrt(3), 1e-10);
    assert.throws(() => aggregateBandFigure(agg, "width", "err"), /no grid axis width; its groups are by lr/);
  });
});

describe("sweep grids and Slurm plumbing", () => {
  it("grid values: JSON literals, strings, integer ranges, commas inside arrays", () => {
    assert.deepEqual(parseGridArg("seed=1..4").values, [1, 2, 3, 4]);
    assert.deepEqual(parseGridArg("lr=0.01,1e-3").values, [0.01, 0.001]);
    assert.deepEqual(parseGridArg('mode=hard,"penalty",true,null').values, ["hard", "penalty", true, null]);
    assert.deepEqual(parseGridArg("sizes=[1,2],[3,4]").values, [[1, 2], [3, 4]]);
    assert.throws(() => parseGridArg("seed=5..1"), /empty range/);
    assert.throws(() => parseGridArg("seed=1,1"), /value 1 given twice/);
    assert.throws(() => parseGridArg("=1,2"), ParameterError);
  });

  it("runs: the cartesian product, last axis fastest, stable readable ids", () => {
    const runs = expandGrid([parseGridArg("seed=1..2"), parseGridArg("lrU=0.01,0.1"), parseGridArg("name=a/b,x y")]);
    assert.equal(runs.length, 8);
    assert.deepEqual(runs.slice(0, 3).map((r) => r.id), ["seed=1,lrU=0.01,name=a%2Fb", "seed=1,lrU=0.01,name=x%20y", "seed=1,lrU=0.1,name=a%2Fb"]);
    assert.deepEqual(runs[7]?.point, { seed: 2, lrU: 0.1, name: "x y" });
    assert.throws(() => expandGrid([parseGridArg('v=1,"1"')]), /share the id v=1/);
  });

  it("array specs, --slurm-args splitting and squeue/sacct state lines", () => {
    assert.equal(arraySpec([0, 1, 2, 3]), "0-3");
    assert.equal(arraySpec([7, 0, 2, 3, 9, 10]), "0,2-3,7,9-10");
    assert.deepEqual(splitArgs(`--partition=short  --time=00:30:00 --comment='a b' --mem="4G"`), ["--partition=short", "--time=00:30:00", "--comment=a b", "--mem=4G"]);
    assert.throws(() => splitArgs("--comment='a b"), /unbalanced quote/);
    const states = parseStates("12_0|COMPLETED\n12_3|CANCELLED by 0\n13_1|RUNNING\n12_2|OUT_OF_MEMORY\n12_[4-5%2]|PENDING\n", "12");
    assert.deepEqual([...states], [[0, "COMPLETED"], [3, "CANCELLED"], [2, "OUT_OF_MEMORY"]]);
  });
});
