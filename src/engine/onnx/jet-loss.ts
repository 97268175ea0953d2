/**
 * The loss part of a step graph: a scalar of the net's jet at x, with its own hand-written reverse
 * (the cotangents of u, ∇u, Δu). One small object per residual; the solver bench's is the first.
 */
import * as tf from "@tensorflow/tfjs";
import type { ScalarJet } from "../../jet/types";
import type { Graph } from "./graph";
import type { JetCotangents } from "./net-jet";

export interface JetGraphIn {
  readonly n: number;
  readonly d: number;
  /** [n,d], or [n,1+d] with t first */
  readonly x: string;
  /** [n,1] */
  readonly u: string;
  /** [d,n,1] (direction-major, as in the graph's jets) */
  readonly grad: string;
  /** [n,1] */
  readonly lap: string;
  /** [n,1], with a time input */
  readonly dt?: string;
}

export interface JetLossGraph {
  readonly name: string;
  /** adds the loss and its reverse to g; `loss` is a scalar */
  build(g: Graph, jet: JetGraphIn): JetCotangents & { readonly loss: string };
  /** the same loss on a tfjs jet: the reference the graph is checked against (call it in a tidy or a gradient scope) */
  tfjs(jet: ScalarJet, x: tf.Tensor2D): tf.Scalar;
}

/**
 * mean r², r = −½Δu + ½|∇u|² − Σᵢ sin xᵢ (the solver bench's residual; u itself does not enter).
 * Reverse: ∂/∂r = 2r/n, so ∂/∂Δu = −r/n and ∂/∂∇u = ∇u · 2r/n.
 */
export const sinSourceResidual: JetLossGraph = {
  name: "sin-source-residual",
  build(g, { n, x, grad, lap }) {
    const source = g.sum(g.sin(x), [1], true);
    const r = g.sub(g.add(g.mul(g.scalar(-0.5), lap), g.mul(g.scalar(0.5), g.sum(g.sq(grad), [0]))), source);
    const loss = g.div(g.sum(g.sq(r), [0, 1]), g.scalar(n));
    const dr = g.mul(r, g.scalar(2 / n));
    return { loss, dlap: g.mul(g.scalar(-0.5), dr), dgrad: g.mul(grad, dr) };
  },
  tfjs(j, x) {
    const r = tf.sub(tf.add(tf.mul(j.lap, -0.5), tf.mul(tf.sum(tf.square(j.grad), 1, true), 0.5)), tf.sum(tf.sin(x), 1, true));
    return tf.mean(tf.square(r));
  },
};
