/**
 * A tfjs net's (mlp or dgm) training step on onnxruntime: weights in from the net's tf.Variables, one
 * session.run per step (jet, loss, reverse, Adam), weights and jets out as Float32Arrays or tfjs
 * tensors. The optimiser state (flat params, m, v, step count) lives here between steps; the net's
 * variables change only when assignTo() is called. The plain tfjs path stays the reference.
 */
import * as tf from "@tensorflow/tfjs";
import type { LabNet } from "../../nets/types";
import type { ActivationRules } from "./activation";
import type { AdamOptions } from "./adam";
import type { JetLossGraph } from "./jet-loss";
import { dgmJetGraph } from "./dgm-jet";
import { mlpJetGraph } from "./mlp-jet";
import type { NetJetGraph } from "./net-jet";
import { buildStepGraph, type StepGraph } from "./step-graph";
import { floatTensor, openSession, outputData } from "./runtime";

export interface OnnxStepOptions {
  /** rows of x at every step (the graph's shapes are static) */
  readonly batch: number;
  readonly loss: JetLossGraph;
  readonly adam: AdamOptions;
  /** onnxruntime intra-op threads, default 1 */
  readonly threads?: number;
  readonly activation?: ActivationRules;
}

export interface StepResult {
  /** the loss at the weights before this step's update */
  readonly loss: number;
  /** [n] u, [n·d] ∇u row-major as tfjs's [n,d], [n] Δu: at the weights before the update */
  readonly u: Float32Array;
  readonly grad: Float32Array;
  readonly lap: Float32Array;
  /** [n] ∂ₜu, with a time input */
  readonly dt?: Float32Array;
  /** the loss's gradient per variable, in net.vars order */
  readonly weightGrads: readonly Float32Array[];
}

export interface OnnxStep {
  readonly graph: StepGraph;
  /** steps taken so far */
  readonly steps: number;
  step(x: tf.Tensor2D | Float32Array): Promise<StepResult>;
  /** the current weights, in net.vars order (copies) */
  weightArrays(): Float32Array[];
  /** the current weights as new tfjs tensors, in net.vars order: the caller owns them */
  weights(): tf.Tensor[];
  /** copies the current weights into the net's variables (fresh tensors: see bench/README on wasm's weight cache) */
  assignTo(net: LabNet): void;
  release(): Promise<void>;
}

/** The net's jet as graph ops; raw inputs only (a time column, but no periodic feature map or scaling) so far. */
function netJetGraph(net: LabNet, n: number): NetJetGraph {
  const why =
    net.activation !== "tanh" ? `activation ${net.activation}` :
    net.periodic ? "a periodic input" :
    net.inputMap.scale !== undefined || net.inputMap.shift !== undefined ? "an input scale/shift" : undefined;
  if (why !== undefined) throw new Error(`onnx step: only plain tanh nets are supported so far, got ${why}`);
  const common = { n, d: net.d, time: net.timeInput };
  if (net.kind === "mlp") return mlpJetGraph({ ...common, hidden: net.sizes });
  const width = net.sizes[0];
  if (width === undefined || net.sizes.some((w) => w !== width)) throw new Error("onnx step: a dgm net has one width for all its layers");
  return dgmJetGraph({ ...common, width, layers: net.sizes.length });
}

export async function onnxStep(net: LabNet, o: OnnxStepOptions): Promise<OnnxStep> {
  const jet = netJetGraph(net, o.batch);
  const graph = buildStepGraph({ net: jet, loss: o.loss, adam: o.adam, ...(o.activation ? { activation: o.activation } : {}) });
  const session = await openSession(graph.model, o.threads === undefined ? {} : { threads: o.threads });
  let params: Float32Array = new Float32Array(graph.size);
  net.vars.forEach((v, i) => params.set(v.dataSync() as Float32Array, graph.offsets[i]));
  let m: Float32Array = new Float32Array(graph.size);
  let v: Float32Array = new Float32Array(graph.size);
  // tfjs keeps βᵗ as a float32 variable multiplied by β each step: the same products here
  const [b1, b2] = [o.adam.beta1 ?? 0.9, o.adam.beta2 ?? 0.999];
  let [b1t, b2t] = [Math.fround(b1), Math.fround(b2)];
  let steps = 0;
  const split = (flat: Float32Array): Float32Array[] =>
    graph.shapes.map((sh, i) => flat.slice(graph.offsets[i], (graph.offsets[i] as number) + sh.reduce((a, b) => a * b, 1)));

  return {
    graph,
    get steps() {
      return steps;
    },
    async step(x) {
      const xs = x instanceof Float32Array ? x : (x.dataSync() as Float32Array);
      if (xs.length !== o.batch * net.inDim) throw new Error(`onnx step: x has ${xs.length} numbers, expected batch ${o.batch} × inDim ${net.inDim}`);
      const out = await session.run({
        x: floatTensor(xs, [o.batch, net.inDim]),
        params_in: floatTensor(params, [graph.size]),
        m_in: floatTensor(m, [graph.size]),
        v_in: floatTensor(v, [graph.size]),
        one_minus_b1t: floatTensor(Float32Array.of(1 - b1t), []),
        one_minus_b2t: floatTensor(Float32Array.of(1 - b2t), []),
      });
      [params, m, v] = [outputData(out, "params"), outputData(out, "m"), outputData(out, "v")];
      [b1t, b2t] = [Math.fround(b1t * b1), Math.fround(b2t * b2)];
      steps++;
      return {
        loss: outputData(out, "loss")[0] as number,
        u: outputData(out, "u"),
        grad: outputData(out, "grad"),
        lap: outputData(out, "lap"),
        ...(jet.time ? { dt: outputData(out, "dt") } : {}),
        weightGrads: split(outputData(out, "grads")),
      };
    },
    weightArrays: () => split(params),
    weights: () => split(params).map((w, i) => tf.tensor(w, graph.shapes[i] as number[])),
    assignTo(target) {
      if (target.vars.length !== graph.shapes.length) throw new Error("onnx step: assignTo a net with a different variable list");
      split(params).forEach((w, i) => {
        const t = tf.tensor(w, graph.shapes[i] as number[]);
        (target.vars[i] as tf.Variable).assign(t);
        t.dispose();
      });
    },
    release: () => session.release(),
  };
}
