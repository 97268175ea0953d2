/**
 * One training step of a net (mlp-jet.ts, dgm-jet.ts) on a jet loss as ONE graph: split the flat
 * parameter buffer into the net's variables; the forward jet; the loss and its reverse; the jet's
 * reverse; fused Adam on the flat buffer. Inputs: x [n,d], params, m, v [N], oneMinusB1t,
 * oneMinusB2t []. Outputs: params, m, v, grads [N] (after/of this step), loss [], u [n,1],
 * grad [n,d], lap [n,1], and dt [n,1] with a time input (x then [n,1+d], t first).
 */
import { tanhRules, type ActivationRules } from "./activation";
import { adamGraph, type AdamOptions } from "./adam";
import { Graph } from "./graph";
import type { JetLossGraph } from "./jet-loss";
import type { NetJetGraph } from "./net-jet";

export interface StepSpec {
  readonly net: NetJetGraph;
  readonly loss: JetLossGraph;
  readonly adam: AdamOptions;
  /** default tanhRules; other rules only to check that a wrong rule is caught */
  readonly activation?: ActivationRules;
}

export interface StepGraph {
  readonly model: Uint8Array;
  readonly nodes: number;
  /** the variables' shapes, in net.vars order, and their offsets in the flat buffer */
  readonly shapes: readonly (readonly number[])[];
  readonly offsets: readonly number[];
  readonly size: number;
}

export const STEP_OUTPUTS = ["params", "m", "v", "grads", "loss", "u", "grad", "lap", "dt"] as const;

export function buildStepGraph(s: StepSpec): StepGraph {
  const g = new Graph();
  const f = s.activation ?? tanhRules;
  const { n, d, time } = s.net;
  const shapes = s.net.varShapes.map((sh) => [...sh]);
  const sizes = shapes.map((sh) => sh.reduce((a, b) => a * b, 1));
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const size = sizes.reduce((a, b) => a + b, 0);
  const x = g.input("x", [n, d + (time ? 1 : 0)]);
  const [params, m, v] = ["params_in", "m_in", "v_in"].map((name) => g.input(name, [size])) as [string, string, string];
  const oneMinusB1t = g.input("one_minus_b1t", []);
  const oneMinusB2t = g.input("one_minus_b2t", []);
  const vars = shapes.map((sh, i) => g.reshape(g.slice1d(params, offsets[i] as number, (offsets[i] as number) + (sizes[i] as number)), sh));

  const jet = s.net.forward(g, x, vars, f);
  const { loss, ...cotangents } = s.loss.build(g, { n, d, x, u: jet.u, grad: jet.grad, lap: jet.lap, ...(jet.dt ? { dt: jet.dt } : {}) });
  const grads = jet.reverse(cotangents);
  const flatGrad = g.concat(grads.map((gr) => g.reshape(gr, [-1])), 0);
  const next = adamGraph(g, s.adam, { params, m, v, oneMinusB1t, oneMinusB2t }, flatGrad);

  g.output("params", next.params);
  g.output("m", next.m);
  g.output("v", next.v);
  g.output("grads", flatGrad);
  g.output("loss", loss);
  g.output("u", jet.u);
  g.output("grad", g.transpose(g.reshape(jet.grad, [d, n]), [1, 0]));
  g.output("lap", jet.lap);
  if (jet.dt !== undefined) g.output("dt", jet.dt);
  return { model: g.model(), nodes: g.nodeCount, shapes, offsets, size };
}
