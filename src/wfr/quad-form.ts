import type { Rng } from "../random";
import { dot, uniformSphere } from "./sphere";

/**
 * f(z) = zᵀHz + bᵀz + c on the sphere. Against a fixed opponent measure, each player's payoff in a
 * polynomial game is such a form, so the dynamics and the best responses work on this alone.
 */
export interface QuadForm {
  readonly d: number;
  readonly H: Float64Array;
  readonly b: Float64Array;
  readonly c: number;
}

/** f(z) for the vector stored at z[iz..iz+d) */
export function quadValue(f: QuadForm, z: ArrayLike<number>, iz = 0): number {
  const { d, H, b } = f;
  let s = f.c;
  for (let a = 0; a < d; a++) {
    const za = z[iz + a] as number;
    let row = 0;
    for (let k = 0; k < d; k++) row += (H[a * d + k] as number) * (z[iz + k] as number);
    s += za * (row + (b[a] as number));
  }
  return s;
}

/** out <- ∇f(z) = (H + Hᵀ)z + b (Euclidean gradient) */
export function quadGrad(f: QuadForm, z: ArrayLike<number>, out: Float64Array, iz = 0): void {
  const { d, H, b } = f;
  for (let a = 0; a < d; a++) {
    let s = b[a] as number;
    for (let k = 0; k < d; k++) s += ((H[a * d + k] as number) + (H[k * d + a] as number)) * (z[iz + k] as number);
    out[a] = s;
  }
}

export interface SphereOptOptions {
  readonly starts?: number;
  readonly maxIter?: number;
  /** stop a start when f improves by less than tol·(1 + |f|) in one iteration */
  readonly tol?: number;
}

export interface SphereOptResult {
  readonly value: number;
  readonly argmax: Float64Array;
}

/**
 * max_{|z|=1} f(z) by multi-start projected gradient ascent z <- (z + ∇f(z)/σ)/|·| with
 * σ = ‖H + Hᵀ‖_F ≥ the Hessian's spectral norm: f + σ|z|²/2 is then convex and the step is its
 * conditional-gradient step on the ball, so every iteration increases f (monotone, no line search).
 */
export function maximizeOnSphere(f: QuadForm, r: Rng, opts: SphereOptOptions = {}): SphereOptResult {
  const { d, H } = f;
  const starts = opts.starts ?? 16, maxIter = opts.maxIter ?? 2000, tol = opts.tol ?? 1e-13;
  let sigma = 0;
  for (let a = 0; a < d; a++) for (let k = 0; k < d; k++) sigma += ((H[a * d + k] as number) + (H[k * d + a] as number)) ** 2;
  sigma = Math.sqrt(sigma) + 1e-12;
  const zs = uniformSphere(r, starts, d);
  let best = -Infinity;
  let argmax = new Float64Array(d);
  const z = new Float64Array(d), g = new Float64Array(d);
  for (let s = 0; s < starts; s++) {
    for (let a = 0; a < d; a++) z[a] = zs[s * d + a] as number;
    let val = quadValue(f, z);
    for (let it = 0; it < maxIter; it++) {
      quadGrad(f, z, g);
      for (let a = 0; a < d; a++) g[a] = sigma * (z[a] as number) + (g[a] as number);
      const nrm = Math.sqrt(dot(g, g, d));
      if (!(nrm > 0)) break;
      for (let a = 0; a < d; a++) z[a] = (g[a] as number) / nrm;
      const next = quadValue(f, z);
      const gain = next - val;
      val = next;
      if (gain <= tol * (1 + Math.abs(val))) break;
    }
    if (val > best) {
      best = val;
      argmax = Float64Array.from(z);
    }
  }
  return { value: best, argmax };
}

/** -f, so that minimisation reuses the ascent */
export function negateForm(f: QuadForm): QuadForm {
  return { d: f.d, H: f.H.map((v) => -v), b: f.b.map((v) => -v), c: -f.c };
}
