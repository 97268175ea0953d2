import * as tf from "@tensorflow/tfjs";
import type { DensityJet, FieldJet } from "../fields";
import { differencesInP, divxByDifferences } from "./hamiltonian";
import type { Problem } from "./types";

/** The space columns' first index in the rows handed to H (1 when time is column 0). */
export function spaceColumn(problem: Problem): number {
  return problem.kind === "finite-horizon" ? 1 : 0;
}

/**
 * HJB residual, [n,1]:
 *   ergodic:        −νΔu + H(x,∇u) + λ − F(x, m, ln m, mf)
 *   finite horizon: −∂ₜu − νΔu + H(x,∇u) − F(x, m, ln m, mf)
 */
export function hjbResidual(
  problem: Problem,
  x: tf.Tensor2D,
  u: FieldJet,
  m: Pick<DensityJet, "m" | "logm">,
  mf: Readonly<Record<string, tf.Tensor2D>>,
  lambda: tf.Scalar | number = 0,
): tf.Tensor2D {
  const { spec } = problem;
  return tf.tidy(() => {
    const h = spec.hamiltonian.H(x, u.grad);
    let r = tf.sub(tf.add(tf.mul(u.lap, -spec.nu), h), spec.coupling(x, m.m, m.logm, mf));
    if (problem.kind === "ergodic") r = tf.add(r, lambda);
    else {
      if (u.dt === undefined) throw new Error("hjbResidual: the value jet has no ∂ₜu");
      r = tf.sub(r, u.dt);
    }
    return r as tf.Tensor2D;
  });
}

/** div ∂ₚH(x, ∇u(x)) = tr(∂ₓ∂ₚH) + tr(D²ₚH ∇²u), [n,1], assembled as validation classified H. */
export function driftDivergence(problem: Problem, x: tf.Tensor2D, u: FieldJet): tf.Tensor2D {
  const ham = problem.spec.hamiltonian;
  return tf.tidy(() => {
    const c = problem.curvature;
    let curv: tf.Tensor2D;
    if (c.kind === "isotropic") curv = tf.mul(u.lap, c.kappa) as tf.Tensor2D;
    else {
      if (u.hess === undefined) throw new Error("driftDivergence: this Hamiltonian needs the Hessian of u (the value jet has none)");
      const n = u.u.shape[0];
      const d = problem.d;
      const a = c.kind === "constant"
        ? tf.tensor3d(c.matrix.flat(), [1, d, d])
        : c.kind === "function" && typeof ham.d2pH === "function"
          ? ham.d2pH(x, u.grad)
          : differencesInP((q) => ham.dpH(x, q) as tf.Tensor2D, u.grad);
      curv = tf.sum(tf.mul(a, u.hess).reshape([n, d * d]), 1, true) as tf.Tensor2D;
    }
    if (problem.divx === "zero") return curv;
    const dx = problem.divx === "function" && ham.divxDpH !== undefined
      ? ham.divxDpH(x, u.grad)
      : divxByDifferences(ham, x, u.grad, spaceColumn(problem));
    return tf.add(curv, dx) as tf.Tensor2D;
  });
}

/**
 * The FP residual divided by m, [n,1]: [∂ₜ ln m] − ν Δm/m − (∇ln m · ∂ₚH + div ∂ₚH). Same zero set
 * as the residual as written (m > 0), free of m's scale and — for e^N/Z — of Z.
 */
export function fpResidualOverM(problem: Problem, x: tf.Tensor2D, u: FieldJet, m: DensityJet): tf.Tensor2D {
  const { spec } = problem;
  return tf.tidy(() => {
    const b = spec.hamiltonian.dpH(x, u.grad);
    const transport = tf.add(tf.sum(tf.mul(m.gradLog, b), 1, true), driftDivergence(problem, x, u));
    let r = tf.sub(tf.mul(m.lapOverM, -spec.nu), transport);
    if (problem.kind === "finite-horizon") {
      if (m.dtLog === undefined) throw new Error("fpResidualOverM: the density jet has no ∂ₜ ln m");
      r = tf.add(r, m.dtLog);
    }
    return r as tf.Tensor2D;
  });
}

/** The FP residual as written: ergodic −νΔm − div(m ∂ₚH), finite horizon ∂ₜm − νΔm − div(m ∂ₚH). */
export function fpResidual(problem: Problem, x: tf.Tensor2D, u: FieldJet, m: DensityJet): tf.Tensor2D {
  return tf.tidy(() => tf.mul(m.m, fpResidualOverM(problem, x, u, m)) as tf.Tensor2D);
}
