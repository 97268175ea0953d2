import * as tf from "@tensorflow/tfjs";
import { sampleJkoData, type GaussianJkoProblem } from "../problems";
import { adamPlayer, runLoop, type Logs, type TrainResult } from "../train";
import { otFlowLoss, type OtFlowWeights } from "./ot-flow";
import { potentialFlow, type PotentialFlow } from "./potential";

/** V0: likelihood only; V1: + kinetic energy (the MFG); V2: + kinetic + HJB residual (OT-Flow) */
export type FlowVariant = "V0" | "V1" | "V2";
export const FLOW_VARIANTS: readonly FlowVariant[] = ["V0", "V1", "V2"];

export interface FlowTrainOptions {
  readonly problem: GaussianJkoProblem;
  readonly variant: FlowVariant;
  /** α_R of V2 */
  readonly alphaR: number;
  readonly hidden: readonly number[];
  readonly steps: number;
  readonly batch: number;
  /** fixed RK4 steps on [0, T] */
  readonly rk4Steps: number;
  readonly lr: number;
  readonly lrFinal?: number;
  readonly seed: number;
  readonly logEvery?: number;
  readonly onStep?: (i: number, logs: Logs) => void;
}

export function flowWeights(variant: FlowVariant, alphaC: number, alphaR: number): OtFlowWeights {
  if (!FLOW_VARIANTS.includes(variant)) throw new Error(`flow variant must be one of ${FLOW_VARIANTS.join(", ")}, got ${variant}`);
  if (!(alphaR >= 0)) throw new Error(`alphaR must be ≥ 0, got ${alphaR}`);
  return { alphaC, alphaL: variant === "V0" ? 0 : 1, alphaR: variant === "V2" ? alphaR : 0 };
}

export interface TrainedFlow {
  readonly flow: PotentialFlow;
  readonly train: TrainResult;
  readonly variant: FlowVariant;
}

/** one Adam player over the flow's variables on the generic loop; fresh data samples each step */
export function trainFlow(o: FlowTrainOptions): TrainedFlow {
  const p = o.problem, d = p.mu0.length;
  if (!Number.isInteger(o.batch) || o.batch <= 0) throw new Error(`trainFlow: batch must be a positive integer, got ${o.batch}`);
  const w = flowWeights(o.variant, p.alphaC, o.alphaR);
  const flow = potentialFlow({ d, hidden: o.hidden, seed: o.seed });
  const player = adamPlayer({ name: `flow ${o.variant}`, vars: flow.vars, lr: o.lr });
  try {
    const train = runLoop({
      seed: o.seed, steps: o.steps, lr: o.lr, ...(o.lrFinal === undefined ? {} : { lrFinal: o.lrFinal }),
      logEvery: o.logEvery ?? Math.max(1, Math.round(o.steps / 50)), ...(o.onStep === undefined ? {} : { onStep: o.onStep }),
    }, (i, ctx) => {
      player.setLearningRate(ctx.lr);
      const data = sampleJkoData(p, o.batch, ctx.rng);
      return player.step(() => {
        const x = tf.tensor2d(Float32Array.from(data), [o.batch, d]);
        const t = otFlowLoss(flow, x, p.T, o.rk4Steps, w);
        return { total: t.total, terms: { nll: t.nll, kinetic: t.kinetic, hjb: t.hjb } };
      }, i);
    });
    return { flow, train, variant: o.variant };
  } catch (e) {
    flow.dispose();
    throw e;
  } finally {
    player.dispose();
  }
}
