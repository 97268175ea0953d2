import * as tf from "@tensorflow/tfjs";
import { customGrad1, customGrad2 } from "../jet/tfjs-internals";
import { tidyJet } from "./factory";
import type { Activation, ForwardOps, LabNet, ScalarJet } from "./types";

/*
 * Nested-autodiff reference path, for checking and benchmarking only. tfjs 4.22 saves *clones* of
 * the tensors a gradient needs; clones are off the tape, so a gradient that reads them (tanh, mul,
 * matMul, sin...) cannot be differentiated again and the second pass silently drops terms. Every op
 * below therefore has a gradient written with the original inputs (closure) and these same ops, so
 * gradients of gradients stay on the tape. Ops whose gradient ignores their inputs (add, sub,
 * reshape, split, concat) are used as they are. tf.grad disposes a forward pass's intermediates
 * once it has run, so the inputs these gradients read are kept alive in `held` until the
 * enclosing nestedScope() ends.
 */

interface Held {
  readonly firstId: number;
  readonly tensors: tf.Tensor[];
}
let held: Held | undefined;

/** Keeps tensors made inside the scope; older ones (x, variables) belong to someone else. */
function hold(...ts: tf.Tensor[]): void {
  if (held === undefined) throw new Error("nested autodiff ops must run inside nestedScope()");
  for (const t of ts) {
    if (t.id >= held.firstId && !t.kept && !(t instanceof tf.Variable)) held.tensors.push(tf.keep(t));
  }
}

/**
 * Runs fn (e.g. a tf.variableGrads over a loss built from nestedJet) and then frees every tensor
 * the nested gradients had to keep alive. The result of fn is handed to the caller.
 */
export function nestedScope<T>(fn: () => T): T {
  const outer = held;
  const probe = tf.scalar(0);
  const mine: Held = { firstId: probe.id + 1, tensors: [] };
  probe.dispose();
  held = mine;
  try {
    return fn();
  } finally {
    for (const t of mine.tensors) t.dispose();
    held = outer;
  }
}

type Op1 = (x: tf.Tensor) => tf.Tensor;
type Op2 = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

const mulN: Op2 = customGrad2((a, b) => {
  hold(a, b);
  if (a.shape.join() !== b.shape.join()) throw new Error(`nested mul: shapes must agree, got [${a.shape}] and [${b.shape}]`);
  return { value: tf.mul(a, b), gradFunc: (dy) => [mulN(dy, b), mulN(dy, a)] };
});

const matMulN = customGrad2((a, b) => (hold(a, b), {
  value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
  gradFunc: (dy) => [
    matMulN(dy as tf.Tensor2D, tf.transpose(b) as tf.Tensor2D),
    matMulN(tf.transpose(a) as tf.Tensor2D, dy as tf.Tensor2D),
  ],
})) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

const tanhN: Op1 = customGrad1((z) => (hold(z), {
  value: tf.tanh(z),
  gradFunc: (dy) => mulN(dy, tf.sub(1, squareN(tanhN(z)))),
}));

const sigmoidN: Op1 = customGrad1((z) => (hold(z), {
  value: tf.sigmoid(z),
  gradFunc: (dy) => {
    const s = sigmoidN(z);
    return mulN(dy, tf.sub(s, squareN(s)));
  },
}));

const softplusN: Op1 = customGrad1((z) => (hold(z), {
  value: tf.softplus(z),
  gradFunc: (dy) => mulN(dy, sigmoidN(z)),
}));

const squareN: Op1 = (x) => mulN(x, x);

const sinN: Op1 = customGrad1((x) => (hold(x), {
  value: tf.sin(x),
  gradFunc: (dy) => mulN(dy, cosN(x)),
}));

const cosN: Op1 = customGrad1((x) => (hold(x), {
  value: tf.cos(x),
  gradFunc: (dy) => tf.neg(mulN(dy, sinN(x))),
}));

const ACT: Record<Activation, Op1> = { tanh: tanhN, sigmoid: sigmoidN, softplus: softplusN };

/** Forward ops whose gradients are differentiable again. */
export function nestedOps(act: Activation): ForwardOps {
  return { act: ACT[act], matMul: matMulN, mul: mulN, sin: sinN, cos: cosN };
}

/**
 * The same jet as net.jet(x), by nested reverse-mode autodiff: one gradient pass for ∇u (and ∂t),
 * then one more per space coordinate for the Laplacian's diagonal terms. Costs d+2 forward passes.
 * Must run inside nestedScope(), together with the reverse pass that differentiates the result.
 */
export function nestedJet(net: LabNet, x: tf.Tensor2D): ScalarJet {
  return tidyJet(() => {
    const ops = nestedOps(net.activation);
    const n = x.shape[0];
    const t0 = net.timeInput ? 1 : 0;
    const f = (xx: tf.Tensor): tf.Tensor => tf.sum(net.forwardWith(xx as tf.Tensor2D, ops));
    const u = net.forwardWith(x, ops);
    const g = tf.grad(f)(x);
    const diag: tf.Tensor[] = [];
    for (let i = 0; i < net.d; i++) {
      const c = t0 + i;
      const gi = (xx: tf.Tensor): tf.Tensor => tf.sum(tf.slice(tf.grad(f)(xx), [0, c], [n, 1]));
      diag.push(tf.slice(tf.grad(gi)(x), [0, c], [n, 1]));
    }
    const lap = tf.addN(diag) as tf.Tensor2D;
    const grad = tf.slice(g, [0, t0], [n, net.d]) as tf.Tensor2D;
    if (!net.timeInput) return { u, grad, lap };
    return { u, grad, lap, dt: tf.slice(g, [0, 0], [n, 1]) as tf.Tensor2D };
  });
}
