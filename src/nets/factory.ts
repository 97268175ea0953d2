import * as tf from "@tensorflow/tfjs";
import { inputJet, type InputJet } from "../jet/input";
import { carriesGradient } from "../jet/tfjs-internals";
import { activate } from "./activations";
import { checkInput, type CommonOptions } from "./init";
import { matMul } from "../jet/linear";
import type { ForwardOps, JetOptions, LabNet, ScalarJet } from "./types";

/** What a net kind supplies; makeNet() adds everything the kinds share. */
export interface NetBody {
  readonly kind: LabNet["kind"];
  readonly o: CommonOptions;
  readonly sizes: readonly number[];
  readonly vars: readonly tf.Variable[];
  /** value only from the given ops (input already checked) */
  forward(x: tf.Tensor2D, ops: ForwardOps): tf.Tensor2D;
  /** the scalar output's jet from the input features' jet */
  jet(x: InputJet): ScalarJet;
}

/** tf.tidy for a function returning a jet (an object of tensors, which tidy keeps). */
export function tidyJet(f: () => ScalarJet): ScalarJet {
  return tf.tidy(() => f() as unknown as tf.TensorContainer) as unknown as ScalarJet;
}

/**
 * Whether this jet must be differentiable w.r.t. x: as asked, else whether x carries a gradient.
 * The constant-input path drops ∂/∂x; asking for it with an x that carries a gradient is refused.
 */
function wantsInputGrad(x: tf.Tensor2D, asked: boolean | undefined, kind: string): boolean {
  if (asked === true) return true;
  const carries = carriesGradient(x);
  if (asked === false && carries) {
    throw new Error(
      `${kind}.jet: inputGrad is false but x carries a gradient (a trainable variable or the output of an op on the ` +
        `gradient tape): the jet would drop ∂/∂x and every gradient through x would be wrong; leave inputGrad unset or pass true`,
    );
  }
  return carries;
}

/** The one net factory: apply, jet(x, options), variables and disposal for every kind. */
export function makeNet(b: NetBody): LabNet {
  const { o, kind } = b;
  const fast: ForwardOps = { act: (z) => activate(o.activation, z), matMul, mul: tf.mul, sin: tf.sin, cos: tf.cos };
  const forwardWith = (x: tf.Tensor2D, ops: ForwardOps): tf.Tensor2D => {
    checkInput(x, o.inDim, kind);
    return b.forward(x, ops);
  };
  const jet = (x: tf.Tensor2D, opt: JetOptions = {}): ScalarJet =>
    tidyJet(() => {
      checkInput(x, o.inDim, kind);
      const inputGrad = wantsInputGrad(x, opt.inputGrad, kind);
      const lay = { n: x.shape[0], d: o.d, time: o.time, hessian: opt.hessian === true, inputGrad };
      return b.jet(inputJet(x, lay, o.map));
    });
  return {
    kind,
    inDim: o.inDim,
    d: o.d,
    timeInput: o.time,
    periodic: o.periodic,
    activation: o.activation,
    inputMap: o.map,
    sizes: b.sizes,
    vars: b.vars,
    apply: (x) => tf.tidy(() => forwardWith(x, fast)),
    jet,
    forwardWith,
    dispose: () => b.vars.forEach((v) => v.dispose()),
  };
}
