import * as tf from "@tensorflow/tfjs";
import type { Net } from "../nets/types";
import type { TradingParams } from "./problem";

/**
 * Normalised coordinates for the nets: input column 0 is τ = 2t/T − 1 and column 1 is
 * x = (q − q_c)/q_h (both in [−1, 1]). The value is read as u = −Aq² + uScale·N: the net carries
 * the deviation from the terminal payoff (zero at T, enforced by the penalty), whose range is a
 * fraction of u's own (|u(T,8)| = 64 at the defaults), so the same relative fit gives a smaller
 * error in u and in the control ∂q u/(2κ).
 */
export interface TradingScaling {
  readonly qCenter: number;
  readonly qHalf: number;
  readonly uScale: number;
  /** coefficient a of the output offset −a q² (a = A), 0 to read u = uScale·N plainly */
  readonly offsetA: number;
}

export function tradingScaling(p: TradingParams, offset = true): TradingScaling {
  const qAbs = Math.max(Math.abs(p.qMin), Math.abs(p.qMax));
  const range = Math.max(p.A, p.phi * p.T) * qAbs * qAbs;
  return {
    qCenter: (p.qMin + p.qMax) / 2,
    qHalf: (p.qMax - p.qMin) / 2,
    uScale: Math.max(offset ? range / 4 : range, 1),
    offsetA: offset ? p.A : 0,
  };
}

/** The two players: value u(t,q) and density m(t,q) = exp(net)/(qMax − qMin), both with a time input. */
export interface TradingNets {
  readonly u: Net;
  readonly m: Net;
}

/** Physical derivatives of u at the points: u, ∂t u, ∂q u, ∂qq u, each [n,1]. */
export interface ValueJet {
  readonly u: tf.Tensor2D;
  readonly ut: tf.Tensor2D;
  readonly uq: tf.Tensor2D;
  readonly uqq: tf.Tensor2D;
}

/** Physical m, ∂t m, ∂q m, each [n,1]. */
export interface DensityJet {
  readonly m: tf.Tensor2D;
  readonly mt: tf.Tensor2D;
  readonly mq: tf.Tensor2D;
}

/** [n,2] net inputs (τ, x) from physical times and inventories. */
export function netInput(p: TradingParams, sc: TradingScaling, t: ArrayLike<number>, q: ArrayLike<number>): tf.Tensor2D {
  if (t.length !== q.length) throw new Error(`netInput: t has ${t.length} entries, q has ${q.length}`);
  const data = new Float32Array(2 * t.length);
  for (let i = 0; i < t.length; i++) {
    data[2 * i] = (2 * (t[i] as number)) / p.T - 1;
    data[2 * i + 1] = ((q[i] as number) - sc.qCenter) / sc.qHalf;
  }
  return tf.tensor2d(data, [t.length, 2]);
}

/** tf.tidy for a record of tensors (tidy's own typing only knows TensorContainer). */
function tidyRecord<R extends object>(fn: () => R): R {
  return tf.tidy(() => fn() as unknown as tf.TensorContainer) as unknown as R;
}

function requireDt(dt: tf.Tensor2D | undefined, which: string): tf.Tensor2D {
  if (dt === undefined) throw new Error(`trading: the ${which} net has no time derivative; build it with timeInput: true`);
  return dt;
}

/** Jet of the value net in physical units (chain rule through the input scaling). */
export function valueJet(p: TradingParams, sc: TradingScaling, net: Net, x: tf.Tensor2D): ValueJet {
  return tidyRecord(() => {
    const j = net.jet(x);
    const dt = requireDt(j.dt, "value");
    const q = inventoryOf(sc, x);
    return {
      u: tf.sub(tf.mul(j.u, sc.uScale), tf.mul(tf.square(q), sc.offsetA)),
      ut: tf.mul(dt, (sc.uScale * 2) / p.T),
      uq: tf.sub(tf.mul(j.grad, sc.uScale / sc.qHalf), tf.mul(q, 2 * sc.offsetA)) as tf.Tensor2D,
      uqq: tf.sub(tf.mul(j.lap, sc.uScale / (sc.qHalf * sc.qHalf)), 2 * sc.offsetA),
    };
  });
}

/** Physical q [n,1] from net inputs (column 1). */
function inventoryOf(sc: TradingScaling, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.mul(tf.slice(x, [0, 1], [-1, 1]), sc.qHalf), sc.qCenter) as tf.Tensor2D;
}

/**
 * Rows of a batch: nT groups of nQ uniform-grid rows (the quadrature grid of each time), followed
 * by nT groups of nA extra rows at the same times (nA may be 0).
 */
export interface BatchLayout {
  readonly nT: number;
  readonly nQ: number;
  readonly nA: number;
}

/**
 * The density player: m = e^N / Z(t), Z(t) = ∫ e^N dq by the rectangle rule on each time's grid
 * rows. Positive by construction and of mass 1 at every t, so the residual cannot trade shape
 * for mass (FP conserves mass; an unnormalised net drifts by ~10% before it has learnt that).
 * ∂t m = m (∂t N − ∂t ln Z) with ∂t ln Z = ∫ ∂t N e^N / Z from the same rows; gradients flow
 * through Z.
 */
export function densityJet(p: TradingParams, sc: TradingScaling, net: Net, x: tf.Tensor2D, lay: BatchLayout): DensityJet {
  checkLayout(x, lay);
  return tidyRecord(() => {
    const j = net.jet(x);
    const dt = requireDt(j.dt, "density");
    const { logZ, dLogZ } = normaliser(p, lay, j.u, dt);
    const m = tf.exp(tf.sub(j.u, expandRows(logZ, lay))) as tf.Tensor2D;
    return {
      m,
      mt: tf.mul(m, tf.mul(tf.sub(dt, expandRows(dLogZ, lay)), 2 / p.T)),
      mq: tf.mul(m, tf.div(j.grad, sc.qHalf)),
    };
  });
}

/** m at the rows of a batch (value only). */
export function densityValue(p: TradingParams, net: Net, x: tf.Tensor2D, lay: BatchLayout): tf.Tensor2D {
  checkLayout(x, lay);
  return tf.tidy(() => {
    const n = net.apply(x);
    return tf.exp(tf.sub(n, expandRows(normaliser(p, lay, n).logZ, lay))) as tf.Tensor2D;
  });
}

function checkLayout(x: tf.Tensor2D, lay: BatchLayout): void {
  const rows = lay.nT * (lay.nQ + lay.nA);
  if (x.shape[0] !== rows) throw new Error(`trading density: ${x.shape[0]} rows, layout nT·(nQ + nA) = ${rows}`);
}

/** ln Z and ∂τ ln Z per time [nT,1] from the grid rows (log-sum-exp: N reaches −100s in the tails). */
function normaliser(p: TradingParams, lay: BatchLayout, n: tf.Tensor2D, dt?: tf.Tensor2D) {
  const grid = lay.nT * lay.nQ;
  const ng = tf.slice(n, [0, 0], [grid, 1]).reshape([lay.nT, lay.nQ]);
  const h = (p.qMax - p.qMin) / lay.nQ;
  const logZ = tf.add(tf.logSumExp(ng, 1, true), Math.log(h)) as tf.Tensor2D;
  if (dt === undefined) return { logZ, dLogZ: logZ };
  const w = tf.softmax(ng, 1);
  const dLogZ = tf.sum(tf.mul(w, tf.slice(dt, [0, 0], [grid, 1]).reshape([lay.nT, lay.nQ])), 1, true) as tf.Tensor2D;
  return { logZ, dLogZ };
}

/** [nT,1] per-time values -> one per row of the layout. */
function expandRows(v: tf.Tensor2D, lay: BatchLayout): tf.Tensor2D {
  const parts = [tf.tile(v, [1, lay.nQ]).reshape([lay.nT * lay.nQ, 1])];
  if (lay.nA > 0) parts.push(tf.tile(v, [1, lay.nA]).reshape([lay.nT * lay.nA, 1]));
  return (parts.length === 1 ? parts[0] : tf.concat(parts, 0)) as tf.Tensor2D;
}

export function valueValue(sc: TradingScaling, net: Net, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.sub<tf.Tensor2D>(tf.mul(net.apply(x), sc.uScale), tf.mul(tf.square(inventoryOf(sc, x)), sc.offsetA)));
}

/** HJB residual ∂t u − φq² + (∂q u)²/(4κ) + γ v̄_t q, all [n,1]. */
export function hjbResidual(p: TradingParams, j: ValueJet, q: tf.Tensor2D, vbar: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() =>
    tf.addN([j.ut, tf.mul(tf.square(q), -p.phi), tf.div(tf.square(j.uq), 4 * p.kappa), tf.mul(tf.mul(vbar, q), p.gamma)]),
  ) as tf.Tensor2D;
}

/** FP residual ∂t m + ∂q(m ∂q u)/(2κ) = ∂t m + (∂q m ∂q u + m ∂qq u)/(2κ), all [n,1]. */
export function fpResidual(p: TradingParams, d: DensityJet, uq: tf.Tensor2D, uqq: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add<tf.Tensor2D>(d.mt, tf.div(tf.add(tf.mul(d.mq, uq), tf.mul(d.m, uqq)), 2 * p.kappa)));
}

/**
 * v̄ at each of nT times from values on a uniform q grid of nQ points per time (rows grouped by
 * time): Σ ∂q u m / Σ m / (2κ). Dividing by the quadrature mass makes v̄ a mean under m even while
 * the density net's mass is still off 1; on a uniform grid the rule is spectrally accurate for the
 * Gaussian profiles here, so the grid spacing cancels.
 */
export function vbarByQuadrature(p: TradingParams, uq: tf.Tensor2D, m: tf.Tensor2D, nT: number, nQ: number): tf.Tensor2D {
  return tf.tidy(() => {
    const um = tf.mul(uq, m).reshape([nT, nQ]);
    const mass = m.reshape([nT, nQ]).sum(1, true);
    return tf.div(um.sum(1, true), tf.mul(mass, 2 * p.kappa)) as tf.Tensor2D;
  }) as tf.Tensor2D;
}
