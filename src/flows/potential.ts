import * as tf from "@tensorflow/tfjs";
import { jetAdd, type ScalarJet } from "../jet";
import { mlp, namePrefix, type Activation, type LabNet } from "../nets";

/**
 * OT-Flow's potential Φ_θ(t, x) = N_θ(t, x) + ½ sᵀ S s + bᵀ s with s = (t, x), S = (W + Wᵀ)/2 free
 * (indefinite: the exact Φ* of a JKO step is), b free. The quadratic carries the Gaussian part of Φ,
 * the MLP the rest. Velocity −∇Φ, divergence −ΔΦ, both from one jet.
 */
export interface PotentialFlow {
  readonly d: number;
  readonly net: LabNet;
  readonly vars: readonly tf.Variable[];
  /** the jet of Φ at (t, z) [n,d]: u, grad, lap (space), dt; differentiable w.r.t. z when inputGrad */
  jet(t: number, z: tf.Tensor2D, inputGrad?: boolean): ScalarJet;
  dispose(): void;
}

export interface PotentialFlowOptions {
  readonly d: number;
  readonly hidden: readonly number[];
  readonly activation?: Activation;
  readonly seed: number;
  /** scales the MLP's output layer at initialisation (OT-Flow starts near the quadratic) */
  readonly outputScale?: number;
}

export function potentialFlow(opts: PotentialFlowOptions): PotentialFlow {
  if (!Number.isInteger(opts.d) || opts.d <= 0) throw new Error(`potentialFlow: d must be a positive integer, got ${opts.d}`);
  const d = opts.d;
  const net = mlp({ inDim: d + 1, timeInput: true, hidden: opts.hidden, activation: opts.activation ?? "tanh", seed: opts.seed });
  const last = net.vars[net.vars.length - 2] as tf.Variable;
  last.assign(tf.tidy(() => tf.mul(last, opts.outputScale ?? 0.1)));
  const pre = namePrefix("flowquad");
  const W = tf.variable(tf.zeros([d + 1, d + 1]), true, `${pre}W`);
  const b = tf.variable(tf.zeros([1, d + 1]), true, `${pre}b`);
  // the output bias only shifts Φ by a constant, which no loss sees: it is not a variable of the flow
  const vars = [...net.vars.slice(0, -1), W, b];
  const jet = (t: number, z: tf.Tensor2D, inputGrad?: boolean): ScalarJet => tf.tidy(() => {
    const n = z.shape[0];
    const s = tf.concat([tf.fill([n, 1], t), z], 1) as tf.Tensor2D;
    const nj = net.jet(s, inputGrad === undefined ? {} : { inputGrad });
    const S = tf.mul(tf.add(W, tf.transpose(W)), 0.5) as tf.Tensor2D;
    const Ss = tf.add(tf.matMul(s, S), b) as tf.Tensor2D; // ∇_s of the quadratic, [n, d+1]
    const quad: ScalarJet = {
      u: tf.add(tf.mul(tf.sum(tf.mul(s, tf.add(tf.matMul(s, S), tf.mul(b, 2))), 1, true), 0.5), 0) as tf.Tensor2D,
      grad: tf.slice(Ss, [0, 1], [n, d]),
      lap: tf.mul(tf.ones([n, 1]), tf.sum(tf.slice(tf.mul(S, tf.eye(d + 1)), [1, 1], [d, d]))) as tf.Tensor2D,
      dt: tf.slice(Ss, [0, 0], [n, 1]),
    };
    return jetAdd(nj, quad) as unknown as tf.TensorContainerObject;
  }) as unknown as ScalarJet;
  return {
    d, net, vars, jet,
    dispose: () => {
      net.dispose();
      W.dispose();
      b.dispose();
    },
  };
}
