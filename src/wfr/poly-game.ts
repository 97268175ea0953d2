import { intAtLeast } from "../config";
import { rng } from "../random";
import type { ParticleMeasure } from "./measure";

/**
 * A polynomial game on S^{d-1} × S^{d-1} (x minimises, y maximises):
 *   ℓ(x,y) = xᵀPx + xᵀBy + yᵀQy + yᵀC(x∘x) + pᵀx + qᵀy.
 * ℓ_a and ℓ_b of Domingo-Enrich et al. are both of this form, so one set of pure functions serves
 * every instance. Matrices are d×d row-major.
 */
export interface PolyGame {
  readonly name: string;
  readonly d: number;
  readonly P: Float64Array;
  readonly B: Float64Array;
  readonly Q: Float64Array;
  readonly C: Float64Array;
  readonly p: Float64Array;
  readonly q: Float64Array;
}

/**
 * Moments of a measure, linear in the measure: m1 = Σ w x, M2 = Σ w x xᵀ. Since ℓ is quadratic in
 * each player, ∫ℓ(x,y)dμ(·) depends on μ only through these, so the time average of measures is the
 * time average of their moments, exactly.
 */
export interface Moments {
  readonly m1: Float64Array;
  readonly M2: Float64Array;
}

const at = (a: Float64Array, i: number): number => a[i] as number;

function matT(A: Float64Array, d: number): Float64Array {
  const T = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) T[b * d + a] = at(A, a * d + b);
  return T;
}

function gram(A: Float64Array, d: number): Float64Array {
  const G = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += at(A, k * d + a) * at(A, k * d + b);
      G[a * d + b] = s;
    }
  }
  return G;
}

function checkD(d: number, who: string): void {
  intAtLeast(2)(who, "d", d);
}

/** ℓ_a: A₀, A₁, A₂, A₃, a₀, a₁ with i.i.d. N(0,1) entries drawn from the seed (non-convex) */
export function polyGameA(d: number, seed: number): PolyGame {
  checkD(d, "polyGameA");
  const r = rng(seed);
  const P = r.normalArray(d * d), B = r.normalArray(d * d), Q = r.normalArray(d * d), C = r.normalArray(d * d);
  return { name: `l_a(d=${d},seed=${seed})`, d, P, B, Q, C, p: r.normalArray(d), q: r.normalArray(d) };
}

/** ℓ_b: xᵀA₀ᵀA₀x + xᵀA₁y + yᵀA₂ᵀA₂y + a₀ᵀx + a₁ᵀy with N(0,1) coefficients */
export function polyGameB(d: number, seed: number): PolyGame {
  checkD(d, "polyGameB");
  const r = rng(seed);
  const A0 = r.normalArray(d * d), B = r.normalArray(d * d), A2 = r.normalArray(d * d);
  return {
    name: `l_b(d=${d},seed=${seed})`, d, P: gram(A0, d), B, Q: gram(A2, d), C: new Float64Array(d * d),
    p: r.normalArray(d), q: r.normalArray(d),
  };
}

/** a game given by its coefficients (zeros where omitted), e.g. for constructed test games */
export function polyGame(name: string, d: number, c: Partial<Omit<PolyGame, "name" | "d">>): PolyGame {
  checkD(d, "polyGame");
  const mat = (m: Float64Array | undefined, key: string): Float64Array => {
    if (m !== undefined && m.length !== d * d) throw new Error(`polyGame: ${key} must have ${d * d} entries, got ${m.length}`);
    return m ?? new Float64Array(d * d);
  };
  const vec = (v: Float64Array | undefined, key: string): Float64Array => {
    if (v !== undefined && v.length !== d) throw new Error(`polyGame: ${key} must have ${d} entries, got ${v.length}`);
    return v ?? new Float64Array(d);
  };
  return { name, d, P: mat(c.P, "P"), B: mat(c.B, "B"), Q: mat(c.Q, "Q"), C: mat(c.C, "C"), p: vec(c.p, "p"), q: vec(c.q, "q") };
}

/** moments of a particle measure */
export function moments(m: ParticleMeasure): Moments {
  const { d, n, pos, w } = m;
  const m1 = new Float64Array(d);
  const M2 = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const wi = at(w, i);
    for (let a = 0; a < d; a++) {
      const xa = wi * at(pos, i * d + a);
      m1[a] = at(m1, a) + xa;
      for (let b = 0; b < d; b++) M2[a * d + b] = at(M2, a * d + b) + xa * at(pos, i * d + b);
    }
  }
  return { m1, M2 };
}

/** s <- s + c·t (moments are linear in the measure: this is how time averages accumulate) */
export function addMoments(s: Moments, t: Moments, c: number): void {
  for (let k = 0; k < s.m1.length; k++) s.m1[k] = at(s.m1, k) + c * at(t.m1, k);
  for (let k = 0; k < s.M2.length; k++) s.M2[k] = at(s.M2, k) + c * at(t.M2, k);
}

export function zeroMoments(d: number): Moments {
  return { m1: new Float64Array(d), M2: new Float64Array(d * d) };
}

/** Σ_ab A_ab M_ab */
function frob(A: Float64Array, M: Float64Array): number {
  let s = 0;
  for (let k = 0; k < A.length; k++) s += at(A, k) * at(M, k);
  return s;
}

/** xᵀAy for vectors stored at offsets */
function bilinear(A: Float64Array, x: ArrayLike<number>, y: ArrayLike<number>, d: number, ix = 0, iy = 0): number {
  let s = 0;
  for (let a = 0; a < d; a++) {
    let row = 0;
    for (let b = 0; b < d; b++) row += at(A, a * d + b) * (y[iy + b] as number);
    s += (x[ix + a] as number) * row;
  }
  return s;
}
export { bilinear, frob, matT };
