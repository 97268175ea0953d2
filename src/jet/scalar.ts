import * as tf from "@tensorflow/tfjs";
import { ELEMENTWISE } from "./functions";
import { SCALAR, elementwiseRule, productRule, scaleRule, sumRule, type Parts } from "./rules";
import type { ScalarJet } from "./types";

/*
 * Jet arithmetic on ScalarJets (the SCALAR layout of the rules table), for building fields from
 * nets and closed forms: c·a, a ± b, a·b, e^a, log a, and offsets by a known function's jet. dt
 * and hess are carried when every operand has them; an operand that lacks one the other has is an
 * error (dropping ∂t or the Hessian silently would corrupt the residual that reads it). Results
 * are new tensors owned by the caller; intermediates are freed (each op runs in its own tf.tidy).
 */

function tidied(f: () => ScalarJet): ScalarJet {
  return tf.tidy(() => f() as unknown as tf.TensorContainer) as unknown as ScalarJet;
}

function toParts(j: ScalarJet): Parts {
  const p: { v: tf.Tensor; s: tf.Tensor; l: tf.Tensor; t?: tf.Tensor; h?: tf.Tensor } = { v: j.u, s: j.grad, l: j.lap };
  if (j.dt !== undefined) p.t = j.dt;
  if (j.hess !== undefined) p.h = j.hess;
  return p;
}

function fromParts(p: Parts): ScalarJet {
  const j: { u: tf.Tensor2D; grad: tf.Tensor2D; lap: tf.Tensor2D; dt?: tf.Tensor2D; hess?: tf.Tensor3D } = {
    u: p.v as tf.Tensor2D,
    grad: p.s as tf.Tensor2D,
    lap: p.l as tf.Tensor2D,
  };
  if (p.t !== undefined) j.dt = p.t as tf.Tensor2D;
  if (p.h !== undefined && p.h !== null) j.hess = p.h as tf.Tensor3D;
  return j;
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Shapes of one jet: u [n,1], grad [n,d], lap [n,1], dt [n,1], hess [n,d,d]. */
export function checkScalarJet(j: ScalarJet, name: string): void {
  const [n, d] = j.grad.shape;
  const want: [keyof ScalarJet, readonly number[]][] = [["u", [n, 1]], ["lap", [n, 1]], ["dt", [n, 1]], ["hess", [n, d, d]]];
  for (const [k, shape] of want) {
    const t = j[k];
    if (t !== undefined && !same(t.shape, shape)) throw new Error(`${name}.${k} must have shape [${shape.join(", ")}], got [${t.shape.join(", ")}]`);
  }
}

function checkPair(a: ScalarJet, b: ScalarJet, op: string): void {
  checkScalarJet(a, `${op}: a`);
  checkScalarJet(b, `${op}: b`);
  if (!same(a.grad.shape, b.grad.shape)) throw new Error(`${op}: grad shapes differ, a [${a.grad.shape.join(", ")}] vs b [${b.grad.shape.join(", ")}]`);
  for (const k of ["dt", "hess"] as const) {
    if ((a[k] === undefined) !== (b[k] === undefined)) throw new Error(`${op}: ${k} is present in ${a[k] === undefined ? "b" : "a"} only; give both operands a ${k} or neither`);
  }
}

/** c·a for a constant c. */
export function jetScale(a: ScalarJet, c: number): ScalarJet {
  checkScalarJet(a, "jetScale: a");
  return tidied(() => fromParts(scaleRule(toParts(a), c, SCALAR)));
}

/** a + b. */
export function jetAdd(a: ScalarJet, b: ScalarJet): ScalarJet {
  checkPair(a, b, "jetAdd");
  return tidied(() => fromParts(sumRule(toParts(a), toParts(b), 1)));
}

/** a − b. */
export function jetSub(a: ScalarJet, b: ScalarJet): ScalarJet {
  checkPair(a, b, "jetSub");
  return tidied(() => fromParts(sumRule(toParts(a), toParts(b), -1)));
}

/** a·b (product rule, with the cross terms 2∇a·∇b in Δ and ∇a∇bᵀ + ∇b∇aᵀ in the Hessian). */
export function jetMul(a: ScalarJet, b: ScalarJet): ScalarJet {
  checkPair(a, b, "jetMul");
  return tidied(() => fromParts(productRule(toParts(a), toParts(b), SCALAR)));
}

function elementwise(a: ScalarJet, name: "exp" | "log"): ScalarJet {
  return tidied(() => {
    const fn = ELEMENTWISE[name];
    const { y, base } = fn.at(a.u);
    const [d1, d2] = fn.derivs(base);
    return fromParts(elementwiseRule(toParts(a), y, d1, d2, SCALAR));
  });
}

/** e^a: value e^u, ∇ = e^u ∇u, Δ = e^u (Δu + |∇u|²), Hessian e^u (∇²u + ∇u∇uᵀ). */
export function jetExp(a: ScalarJet): ScalarJet {
  checkScalarJet(a, "jetExp: a");
  return elementwise(a, "exp");
}

/** log a (a > 0): ∇ = ∇u/u, Δ = Δu/u − |∇u|²/u². */
export function jetLog(a: ScalarJet): ScalarJet {
  checkScalarJet(a, "jetLog: a");
  return elementwise(a, "log");
}

/**
 * a + g for a known closed-form function g given by its jet at the same points: value [n,1],
 * gradient [n,d], Laplacian [n,1], hess [n,d,d] when a has one, and dt [n,1] — an omitted dt
 * means g does not depend on t (∂t g = 0), e.g. a terminal offset −A q² added to a net of (t, q).
 */
export function jetOffset(a: ScalarJet, g: ScalarJet): ScalarJet {
  return tidied(() => {
    const withDt = a.dt !== undefined && g.dt === undefined ? { ...g, dt: tf.zerosLike(a.dt) } : g;
    checkPair(a, withDt, "jetOffset");
    return fromParts(sumRule(toParts(a), toParts(withDt), 1));
  });
}

/**
 * The chain rule of an affine input map: given the jet of N w.r.t. y at y = a∘x + b, the jet of
 * u(x) = N(a∘x + b) w.r.t. x. `scale` is a per raw column (time first when the jet has dt), or
 * one number for every column: ∇ = a∘∇N, ∂t = a_t ∂tN, ∂_i∂_j = a_i a_j ∂_i∂_j N, and
 * Δ = Σ a_i² ∂_i∂_i N, which needs hess unless the space scales are all equal (then a²ΔN).
 * (A net built with inputScale/inputShift applies the same map inside its input features.)
 */
export function jetAffineInput(j: ScalarJet, scale: number | readonly number[]): ScalarJet {
  checkScalarJet(j, "jetAffineInput: j");
  const d = j.grad.shape[1];
  const t0 = j.dt === undefined ? 0 : 1;
  const a = typeof scale === "number" ? new Array<number>(d + t0).fill(scale) : [...scale];
  if (a.length !== d + t0 || a.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new Error(`jetAffineInput: scale must be a finite number or ${d + t0} finite numbers (${t0 === 1 ? "time first, then " : ""}${d} space columns), got ${String(scale)}`);
  }
  const as = a.slice(t0);
  const uniform = as.every((v) => v === as[0]);
  if (!uniform && j.hess === undefined) throw new Error("jetAffineInput: per-coordinate space scales need the jet's hess (ask the net for { hessian: true })");
  return tidied(() => {
    const sv = tf.tensor2d(as, [1, d]);
    const outer = tf.reshape(tf.mul(sv.reshape([d, 1]), sv), [1, d, d]);
    const lap = uniform ? tf.mul(j.lap, (as[0] as number) ** 2) : tf.sum(tf.mul(j.hess as tf.Tensor3D, tf.mul(outer, tf.eye(d))), [1, 2]).reshape([-1, 1]);
    const out: { u: tf.Tensor2D; grad: tf.Tensor2D; lap: tf.Tensor2D; dt?: tf.Tensor2D; hess?: tf.Tensor3D } = {
      u: tf.clone(j.u),
      grad: tf.mul(j.grad, sv),
      lap: lap as tf.Tensor2D,
    };
    if (j.dt !== undefined) out.dt = tf.mul(j.dt, a[0] as number);
    if (j.hess !== undefined) out.hess = tf.mul(j.hess, outer);
    return out;
  });
}
