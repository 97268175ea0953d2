import type * as tf from "@tensorflow/tfjs";
import type { Domain, DomainSpec } from "../domains";

/**
 * An MFG posed as data (cost minimisation, drift −∂ₚH, rows (t, x₁..x_d) with time first):
 *   ergodic:        −νΔu + H(x,∇u) + λ = F(x, m),         −νΔm − div(m ∂ₚH(x,∇u)) = 0,  ∫u = 0, ∫m = 1
 *   finite horizon: −∂ₜu − νΔu + H(t,x,∇u) = F(t,x,m,μₜ),  ∂ₜm − νΔm − div(m ∂ₚH) = 0,
 *                   u(T,·) = G,  m(0,·) = m₀.
 * `x` handed to H, dpH, coupling and meanField is [n,d] (ergodic) or [n,1+d] (time first).
 */
export type PointFn = (x: tf.Tensor2D, p: tf.Tensor2D) => tf.Tensor;

export interface Hamiltonian {
  /** H(x, p) → [n,1] */
  readonly H: PointFn;
  /** ∂ₚH(x, p) → [n,d]; checked against central differences of H */
  readonly dpH: PointFn;
  /**
   * D²ₚH, optional: a number κ for κI (the FP term then needs only Δu), a constant d×d matrix, or a
   * function (x, p) → [n,d,d]. Checked against central differences of dpH. When absent it is
   * measured from dpH at validation: constant → used as such; varying → central differences of
   * dpH in p at every step (2d extra dpH evaluations).
   */
  readonly d2pH?: number | readonly (readonly number[])[] | ((x: tf.Tensor2D, p: tf.Tensor2D) => tf.Tensor3D);
  /**
   * tr(∂ₓ∂ₚH)(x, p) → [n,1], optional. When absent: 0 if dpH does not depend on x (checked at
   * validation), else central differences of dpH in x at every step.
   */
  readonly divxDpH?: PointFn;
}

/** Mean-field terms: expectations E_{m(t,·)}[φ(x, ∇u)] the solver estimates and hands to `coupling`. */
export type MeanFieldSpec = Readonly<Record<string, PointFn>>;

/** F(x, m, ln m, mf) → [n,1]; mf holds every mean-field term, one value per row ([n,1] each). */
export type Coupling = (x: tf.Tensor2D, m: tf.Tensor2D, logm: tf.Tensor2D, mf: Readonly<Record<string, tf.Tensor2D>>) => tf.Tensor;

export interface ExactSolution {
  /** u(x) → [n,1] (ergodic: up to a constant; compared after removing means) */
  readonly u?: (x: tf.Tensor2D) => tf.Tensor;
  /** m(x) → [n,1], a normalised density */
  readonly m?: (x: tf.Tensor2D) => tf.Tensor;
  readonly lambda?: number;
}

interface CommonSpec {
  readonly d: number;
  readonly nu: number;
  readonly hamiltonian: Hamiltonian;
  readonly coupling: Coupling;
  readonly meanField?: MeanFieldSpec;
  readonly exact?: ExactSolution;
}

export interface ErgodicSpec extends CommonSpec {
  /** the torus [0,1)^d (the default) */
  readonly domain?: DomainSpec;
}

export interface FiniteHorizonSpec extends CommonSpec {
  readonly horizon: number;
  readonly domain: DomainSpec;
  /** G(x) → [n,1], x the space coordinates [n,d] */
  readonly terminal: (x: tf.Tensor2D) => tf.Tensor;
  /** m₀(x) → [n,1], a density on the domain (integrates to 1 ± 1e-3), x [n,d] */
  readonly initial: (x: tf.Tensor2D) => tf.Tensor;
}

/** What validation measured about D²ₚH and ∂ₓ∂ₚH (how the FP divergence is assembled). */
export type Curvature =
  | { readonly kind: "isotropic"; readonly kappa: number }
  | { readonly kind: "constant"; readonly matrix: readonly (readonly number[])[] }
  | { readonly kind: "function" }
  | { readonly kind: "differences" };

export type DivX = "zero" | "function" | "differences";

interface ProblemBase {
  readonly d: number;
  readonly domain: Domain;
  readonly curvature: Curvature;
  readonly divx: DivX;
  /** the mean-field term names, in spec order */
  readonly meanFieldNames: readonly string[];
  /** the FP divergence needs the full Hessian of u */
  readonly needsHessian: boolean;
}

/** A validated problem: the spec plus what was derived from it once. */
export interface ErgodicProblem extends ProblemBase {
  readonly kind: "ergodic";
  readonly spec: ErgodicSpec;
}

export interface FiniteHorizonProblem extends ProblemBase {
  readonly kind: "finite-horizon";
  readonly spec: FiniteHorizonSpec;
  readonly horizon: number;
}

export type Problem = ErgodicProblem | FiniteHorizonProblem;
