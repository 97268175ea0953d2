import type { Rng } from "../random";
import { type Moments, type PolyGame, frob, matT } from "./poly-game";
import { type QuadForm, maximizeOnSphere, negateForm, type SphereOptOptions } from "./quad-form";

const at = (a: ArrayLike<number>, i: number): number => a[i] as number;

/** ℓ(x, y) at one pair of points (vectors at offsets ix, iy) */
export function ell(g: PolyGame, x: ArrayLike<number>, y: ArrayLike<number>, ix = 0, iy = 0): number {
  const { d, P, B, Q, C, p, q } = g;
  let s = 0;
  for (let a = 0; a < d; a++) {
    const xa = at(x, ix + a), ya = at(y, iy + a);
    let px = 0, by = 0, qy = 0, cxx = 0;
    for (let k = 0; k < d; k++) {
      const xk = at(x, ix + k), yk = at(y, iy + k);
      px += at(P, a * d + k) * xk;
      by += at(B, a * d + k) * yk;
      qy += at(Q, a * d + k) * yk;
      cxx += at(C, a * d + k) * xk * xk;
    }
    s += xa * (px + by + at(p, a)) + ya * (qy + cxx + at(q, a));
  }
  return s;
}

/** out <- ∇_x ℓ = (P+Pᵀ)x + By + 2 x∘(Cᵀy) + p and ∇_y ℓ = Bᵀx + (Q+Qᵀ)y + C(x∘x) + q */
export function ellGrads(g: PolyGame, x: ArrayLike<number>, y: ArrayLike<number>, gx: Float64Array, gy: Float64Array): void {
  const { d, P, B, Q, C, p, q } = g;
  for (let a = 0; a < d; a++) {
    let sx = at(p, a), sy = at(q, a), cty = 0;
    for (let k = 0; k < d; k++) {
      sx += (at(P, a * d + k) + at(P, k * d + a)) * at(x, k) + at(B, a * d + k) * at(y, k);
      cty += at(C, k * d + a) * at(y, k);
      sy += at(B, k * d + a) * at(x, k) + (at(Q, a * d + k) + at(Q, k * d + a)) * at(y, k) + at(C, a * d + k) * at(x, k) ** 2;
    }
    gx[a] = sx + 2 * at(x, a) * cty;
    gy[a] = sy;
  }
}

/**
 * x ↦ ∫ℓ(x,y)dμ_y(y) from the moments (n1, N2) of μ_y:
 * xᵀ(P + diag(Cᵀn1))x + (Bn1 + p)ᵀx + Σ Q∘N2 + qᵀn1.
 */
export function payoffX(g: PolyGame, sy: Moments): QuadForm {
  const { d, P, B, C, Q, p, q } = g;
  const H = Float64Array.from(P);
  const b = new Float64Array(d);
  let c = frob(Q, sy.M2);
  for (let a = 0; a < d; a++) {
    let cty = 0, bn = at(p, a);
    for (let k = 0; k < d; k++) {
      cty += at(C, k * d + a) * at(sy.m1, k);
      bn += at(B, a * d + k) * at(sy.m1, k);
    }
    H[a * d + a] = at(H, a * d + a) + cty;
    b[a] = bn;
    c += at(q, a) * at(sy.m1, a);
  }
  return { d, H, b, c };
}

/**
 * y ↦ ∫ℓ(x,y)dμ_x(x) from the moments (m1, M2) of μ_x:
 * yᵀQy + (Bᵀm1 + C diag(M2) + q)ᵀy + Σ P∘M2 + pᵀm1.
 */
export function payoffY(g: PolyGame, sx: Moments): QuadForm {
  const { d, P, B, C, Q, p, q } = g;
  const Bt = matT(B, d);
  const b = new Float64Array(d);
  let c = frob(P, sx.M2);
  for (let a = 0; a < d; a++) {
    let s = at(q, a);
    for (let k = 0; k < d; k++) s += at(Bt, a * d + k) * at(sx.m1, k) + at(C, a * d + k) * at(sx.M2, k * d + k);
    b[a] = s;
    c += at(p, a) * at(sx.m1, a);
  }
  return { d, H: Float64Array.from(Q), b, c };
}

export interface NikaidoIsoda {
  /** max_y ∫ℓ dμ_x − min_x ∫ℓ dμ_y ≥ 0, zero exactly at a mixed Nash equilibrium */
  readonly ni: number;
  readonly maxY: number;
  readonly minX: number;
  readonly bestY: Float64Array;
  readonly bestX: Float64Array;
}

/**
 * The Nikaido–Isoda error of (μ_x, μ_y), given their moments. The payoff is linear in each measure,
 * so the sup over measures is a sup over points, found by multi-start projected gradient ascent.
 */
export function nikaidoIsoda(g: PolyGame, sx: Moments, sy: Moments, r: Rng, opts: SphereOptOptions = {}): NikaidoIsoda {
  const up = maximizeOnSphere(payoffY(g, sx), r, opts);
  const down = maximizeOnSphere(negateForm(payoffX(g, sy)), r, opts);
  return { ni: up.value + down.value, maxY: up.value, minX: -down.value, bestY: up.argmax, bestX: down.argmax };
}
