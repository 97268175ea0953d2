import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { evaluateFlow, flowBaselines, flowLogDensity, flowWeights, potentialFlow, trainFlow } from "../../src/flows";
import { gaussianJko, gaussianJkoDefaults, jkoLogDensity } from "../../src/problems";

const sol = gaussianJko(gaussianJkoDefaults());
const ev = { n: 512, seed: 5, rk4Steps: 8, nfePoints: 8 };

describe("flows: evaluation against the exact JKO solution", () => {
  before(async () => {
    await initBackend();
  });

  it("a zero potential is the identity map: its metrics equal the no-flow baseline", () => {
    const flow = potentialFlow({ d: 2, hidden: [4], seed: 3, outputScale: 0 });
    const m = evaluateFlow(flow, sol, ev);
    const base = flowBaselines(sol, ev);
    assert.ok(Math.abs(m.mapError - base.identity.mapError) < 1e-5, `map error ${m.mapError} vs ${base.identity.mapError}`);
    assert.ok(m.kineticRaw === 0 && m.hjbRms === 0 , `kinetic ${m.kineticRaw}, hjb ${m.hjbRms}`);
    // raw E[C] of the identity: ½E|x|² + ln 2π on this sample, ≈ the exact baseline within sampling error
    assert.ok(Math.abs(m.nllRaw - base.identity.nll) < 0.15, `raw nll ${m.nllRaw} vs ${base.identity.nll}`);
    // a zero field: no error, the step grows 10x from h0 = T/100 (0.01, 0.1, then the rest): 1 + 3·6
    assert.equal(m.nfe, 19);
    assert.ok(base.exactNfe >= 19 && base.exactNfe <= 30, `exact NFE ${base.exactNfe}`);
    flow.dispose();
  });

  it("the learned log-density by the exact divergence: Φ = ½c|x|² gives ρ_t(x) = ρ₀(e^{ct}x)e^{cdt}; no flow gives ρ₀", () => {
    const c = 0.7, before = tf.memory().numTensors;
    const flow = potentialFlow({ d: 2, hidden: [4], seed: 3, outputScale: 0 });
    const x = Float64Array.from([0.3, -0.5, 1.2, 0.4, -1, -2, 2.5, -1.5]);
    const still = flowLogDensity(flow, sol, x, 4, 0.6, 8);
    still.forEach((v, k) => assert.ok(Math.abs(v - jkoLogDensity(sol, [x[2 * k]!, x[2 * k + 1]!], 0)) < 1e-5, `no flow, point ${k}: ${v}`));
    // W = diag(0, c, c) on s = (t, x): the Hessian ½(W + Wᵀ) puts c on the space block, velocity −cx, div −2c
    tf.tidy(() => (flow.vars.at(-2) as tf.Variable).assign(tf.tensor2d([[0, 0, 0], [0, c, 0], [0, 0, c]])));
    for (const t of [0, 0.5, 1]) {
      const got = flowLogDensity(flow, sol, x, 4, t, 16);
      got.forEach((v, k) => {
        const want = jkoLogDensity(sol, [x[2 * k]! * Math.exp(c * t), x[2 * k + 1]! * Math.exp(c * t)], 0) + 2 * c * t;
        assert.ok(Math.abs(v - want) < 2e-4 * (1 + Math.abs(want)), `t = ${t}, point ${k}: ${v} vs ${want}`);
      });
    }
    assert.throws(() => flowLogDensity(flow, sol, x, 3, 0.5, 4), /expected n·d = 6/);
    assert.throws(() => flowLogDensity(flow, sol, x, 4, 1.5, 4), /t must be in \[0, T = 1\]/);
    flow.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it("a few training steps of V1 lower the loss, leak no tensors, and name bad options", () => {
    const before = tf.memory().numTensors;
    const r = trainFlow({ problem: sol.problem, variant: "V1", alphaR: 1, hidden: [8], steps: 12, batch: 64, rk4Steps: 2, lr: 0.03, seed: 4 });
    const first = r.train.history[0]?.total as number, last = r.train.final.total as number;
    assert.ok(last < first, `loss ${first} -> ${last}`);
    r.flow.dispose();
    assert.equal(tf.memory().numTensors, before);
    assert.throws(() => flowWeights("V3" as never, 30, 1), /variant must be one of/);
    assert.throws(() => trainFlow({ problem: sol.problem, variant: "V1", alphaR: 1, hidden: [8], steps: 1, batch: 0, rk4Steps: 2, lr: 0.03, seed: 4 }), /batch/);
  });
});
