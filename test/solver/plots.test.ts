import { strict as assert } from "node:assert";
import {
  addTraces, contourTrace, errorFigure, figure, heatmapFigure, heatmapTrace, lineTrace, lossFigure, panelsFigure, scatterFigure, solutionFigure, withLogAxis,
} from "../../src/plots";

describe("plots: plain Plotly JSON", () => {
  it("solution vs exact: two line traces, typed arrays become JSON arrays", () => {
    const x = new Float32Array([0, 0.5, 1]);
    const fig = solutionFigure(x, new Float32Array([1, 2, 3]), [1, 2, NaN], { title: "phi" });
    const json = JSON.parse(JSON.stringify(fig)) as { data: { x: number[]; y: (number | null)[]; line: { dash?: string } }[]; layout: { title: { text: string } } };
    assert.equal(json.data.length, 2);
    assert.deepEqual(json.data[0]!.x, [0, 0.5, 1]);
    assert.deepEqual(json.data[1]!.y, [1, 2, null]);
    assert.equal(json.data[1]!.line.dash, "dash");
    assert.equal(json.layout.title.text, "phi");
  });

  it("loss curves on a log y axis, one trace per loss column, non-positive values dropped", () => {
    const history = [
      { step: 0, total: 1, residual: 0.9, boundary: 0.1, lr: 1e-3, time_s: 0.1 },
      { step: 100, total: 0.1, residual: 0.1, boundary: 0, lr: 1e-3, time_s: 0.2 },
    ];
    const fig = lossFigure(history);
    assert.equal(fig.layout.yaxis?.type, "log");
    assert.deepEqual(fig.data.map((t) => t.name), ["total", "residual", "boundary"]);
    assert.deepEqual(fig.data[2]!.y, [0.1, null]);
    assert.deepEqual(fig.data[0]!.x, [0, 100]);
    assert.throws(() => lossFigure(history, { columns: ["nope"] }), /column "nope"/);
  });

  it("error, heatmap and scatter builders; composition helpers", () => {
    const e = errorFigure([0, 1], [-1e-3, 2e-4], { absLog: true });
    assert.deepEqual(e.data[0]!.y, [1e-3, 2e-4]);
    assert.equal(e.layout.yaxis?.type, "log");
    const h = heatmapFigure([0, 1, 2], [0, 1], [[1, 2, 3], [4, 5, 6]]);
    assert.equal(h.data[0]!.type, "heatmap");
    assert.throws(() => heatmapFigure([0, 1], [0], [[1, 2, 3]]), /z\[0\] has length 3, x has length 2/);
    const s = scatterFigure([1, 2], [3, 4], { colorValues: [0, 1] });
    assert.equal((s.data[0]!.marker as { showscale: boolean }).showscale, true);
    const f = withLogAxis(addTraces(figure([lineTrace([0, 1], [1, 2], "a")], { xTitle: "t" }), lineTrace([0, 1], [2, 3], "b")), "x");
    assert.equal(f.data.length, 2);
    assert.equal(f.layout.xaxis?.type, "log");
    assert.equal(f.layout.xaxis?.title?.text, "t");
    assert.throws(() => lineTrace([0, 1], [1], "bad"), /lineTrace "bad": x has length 2, y has length 1/);
  });

  it("contour lines and side-by-side panels: traces move to their panel's axes, domains do not overlap", () => {
    const c = contourTrace([0, 1], [0, 1], [[0, 1], [2, NaN]], "exact", { start: 0, end: 2, size: 1 }, { color: "white" });
    assert.equal(c.type, "contour");
    assert.deepEqual((c.z as unknown[][])[1], [2, null]);
    assert.deepEqual(c.contours, { coloring: "none", start: 0, end: 2, size: 1 });
    assert.throws(() => contourTrace([0, 1], [0], [[1, 2, 3]], "bad", { start: 0, end: 1, size: 1 }), /z\[0\] has length 3/);
    const f = panelsFigure([
      { title: "t = 0", traces: [heatmapTrace([0, 1], [0], [[1, 2]]), c] },
      { title: "t = 1", traces: [lineTrace([0, 1], [1, 2], "a")] },
      { title: "t = 2", traces: [lineTrace([0, 1], [1, 2], "b")] },
    ], { title: "panels", xTitle: "x", yTitle: "y" });
    assert.deepEqual(f.data.map((t) => [t.xaxis, t.yaxis]), [["x", "y"], ["x", "y"], ["x2", "y2"], ["x3", "y3"]]);
    const L = f.layout as Record<string, { domain?: number[]; anchor?: string; title?: { text: string } }>;
    const doms = ["xaxis", "xaxis2", "xaxis3"].map((k) => L[k]!.domain!);
    assert.deepEqual(doms[0]![0], 0);
    assert.deepEqual(doms[2]![1], 1);
    for (let k = 1; k < 3; k++) assert.ok(doms[k]![0]! > doms[k - 1]![1]!, `panel ${k} overlaps: ${JSON.stringify(doms)}`);
    assert.equal(L.yaxis2!.anchor, "x2");
    assert.equal(L.xaxis3!.title?.text, "x");
    assert.equal(L.yaxis!.title?.text, "y");
    assert.equal(L.yaxis2!.title, undefined);
    assert.deepEqual((f.layout.annotations as { text: string }[]).map((a) => a.text), ["t = 0", "t = 1", "t = 2"]);
    assert.throws(() => panelsFigure([]), /no panels/);
  });
});
