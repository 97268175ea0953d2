/**
 * What a step graph needs from a net: its variables' shapes (in net.vars order, the flat buffer's
 * layout) and a forward jet that hands back its own reverse. One implementation per net kind
 * (mlp-jet.ts, dgm-jet.ts); step-graph.ts is the same for all of them.
 */
import type { ActivationRules } from "./activation";
import type { Graph } from "./graph";

/** Cotangents of the jet's outputs; `du` undefined: the loss does not read u. */
export interface JetCotangents {
  readonly du?: string;
  readonly dgrad: string;
  readonly dlap: string;
  /** of ∂ₜu (a time input); undefined: the loss does not read it */
  readonly ddt?: string;
}

export interface GraphJet {
  /** [n,1] */
  readonly u: string;
  /** [d,n,1] (direction-major) */
  readonly grad: string;
  /** [n,1] */
  readonly lap: string;
  /** [n,1], with a time input */
  readonly dt?: string;
  /** adds the reverse to the graph: the loss's gradient per variable, in varShapes order */
  reverse(ct: JetCotangents): string[];
}

export interface NetJetGraph {
  readonly kind: string;
  readonly n: number;
  /** space dimensions: x is [n, d], or [n, 1 + d] with t first when `time` */
  readonly d: number;
  readonly time: boolean;
  readonly varShapes: readonly (readonly number[])[];
  /** `vars`: the variables as graph tensors of varShapes; `x` is data (no ∂/∂x) */
  forward(g: Graph, x: string, vars: readonly string[], f: ActivationRules): GraphJet;
}
