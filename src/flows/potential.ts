import * as tf from "@tensorflow/tfjs";
import type { ScalarJet } from "../jet";
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
  /** the same jet with u omitted (u is the net's part only): what the flow's field needs, cheaper */
  velocityJet(t: number, z: tf.Tensor2D, inputGrad?: boolean): ScalarJet;
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
  tf.tidy(() => last.assign(tf.mul(last, opts.outputScale ?? 0.1)));
  const pre = namePrefix("flowquad");
  const W = tf.tidy(() => tf.variable(tf.zeros([d + 1, d + 1]), true, `${pre}W`));
  const b = tf.tidy(() => tf.variable(tf.zeros([1, d + 1]), true, `${pre}b`));
  // the output bias only shifts Φ by a constant, which no loss sees: it is not a variable of the flow
  const vars = [...net.vars.slice(0, -1), W, b];
  const spaceDiag = tf.tidy(() => tf.diag(tf.tensor1d([0, ...Array<number>(d).fill(1)])));
  // ½sᵀSs + bᵀs = ½ s·(Ss + b + b); its s-gradient Ss + b gives dt (column 0) and grad (the rest)
  const field = (t: number, z: tf.Tensor2D, inputGrad: boolean | undefined, withU: boolean): ScalarJet => tf.tidy(() => {
    const n = z.shape[0];
    const s = tf.concat([tf.fill([n, 1], t), z], 1) as tf.Tensor2D;
    const nj = net.jet(s, inputGrad === undefined ? {} : { inputGrad });
    const S = tf.add(W, tf.transpose(W));
    const Ss = tf.add(tf.matMul(s, tf.mul(S, 0.5)), b) as tf.Tensor2D;
    const [dtq, gradq] = tf.split(Ss, [1, d], 1) as [tf.Tensor2D, tf.Tensor2D];
    const trace = tf.sum(tf.mul(W, spaceDiag)); // the space trace of ½S = Σ_{i ≥ 1} W_ii
    const out = {
      u: withU ? tf.add(nj.u, tf.mul(tf.sum(tf.mul(s, tf.add(Ss, b)), 1, true), 0.5)) : nj.u,
      grad: tf.add(nj.grad, gradq),
      lap: tf.add(nj.lap, trace),
      dt: tf.add(nj.dt as tf.Tensor2D, dtq),
    };
    return out as unknown as tf.TensorContainerObject;
  }) as unknown as ScalarJet;
  const jet = (t: number, z: tf.Tensor2D, inputGrad?: boolean): ScalarJet => field(t, z, inputGrad, true);
  const velocityJet = (t: number, z: tf.Tensor2D, inputGrad?: boolean): ScalarJet => field(t, z, inputGrad, false);
  return {
    d, net, vars, jet, velocityJet,
    dispose: () => {
      net.dispose();
      W.dispose();
      spaceDiag.dispose();
      b.dispose();
    },
  };
}
