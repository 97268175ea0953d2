import type { VectorField } from "./rk4";

export interface Dopri5Options {
  readonly rtol: number;
  readonly atol: number;
  /** initial step (default: (t1 − t0)/100) */
  readonly h0?: number;
  /** give up after this many accepted + rejected steps (default 100000) */
  readonly maxSteps?: number;
}

export interface Dopri5Result {
  readonly y: Float64Array;
  /** number of evaluations of f (FSAL: 6 per attempted step, plus the first) */
  readonly nfe: number;
  readonly accepted: number;
  readonly rejected: number;
}

// Dormand–Prince 5(4) tableau (Hairer–Nørsett–Wanner I, Table 5.2)
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A: readonly (readonly number[])[] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
// 5th-order weights are A[6]; E = b5 − b4 gives the embedded error estimate
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];

/**
 * Adaptive Dormand–Prince 5(4) in float64 with FSAL and the standard step controller
 * (error in the RMS norm of e_i/(atol + rtol·max(|y_i|, |y_new,i|)), factor 0.9·err^{−1/5} in [0.2, 10]).
 * The number of function evaluations it needs measures how hard a learned field is to integrate.
 */
export function dopri5(f: VectorField, y0: ArrayLike<number>, t0: number, t1: number, opts: Dopri5Options): Dopri5Result {
  if (!(opts.rtol > 0) || !(opts.atol > 0)) throw new Error(`dopri5: rtol and atol must be > 0, got ${opts.rtol}, ${opts.atol}`);
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) throw new Error(`dopri5: t0 and t1 must be finite, got ${t0}, ${t1}`);
  const n = y0.length, dir = Math.sign(t1 - t0) || 1, maxSteps = opts.maxSteps ?? 100000;
  let y = Float64Array.from(y0), t = t0, h = Math.abs(opts.h0 ?? (t1 - t0) / 100) || 1e-3;
  const k = Array.from({ length: 7 }, () => new Float64Array(n));
  const tmp = new Float64Array(n);
  f(t, y, k[0] as Float64Array);
  let nfe = 1, accepted = 0, rejected = 0;
  while (dir * (t1 - t) > 1e-14 * Math.max(1, Math.abs(t1))) {
    if (accepted + rejected >= maxSteps) throw new Error(`dopri5: more than ${maxSteps} steps before t = ${t1} (at t = ${t})`);
    h = Math.min(h, Math.abs(t1 - t));
    const hs = dir * h;
    for (let s = 1; s < 7; s++) {
      const a = A[s] as readonly number[];
      for (let i = 0; i < n; i++) {
        let acc = y[i] as number;
        for (let j = 0; j < s; j++) acc += hs * (a[j] as number) * ((k[j] as Float64Array)[i] as number);
        tmp[i] = acc;
      }
      f(t + (C[s] as number) * hs, tmp, k[s] as Float64Array);
    }
    nfe += 6;
    // tmp now holds the 5th-order solution (stage 7 is evaluated at it: FSAL)
    let err = 0;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let j = 0; j < 7; j++) e += (E[j] as number) * ((k[j] as Float64Array)[i] as number);
      const sc = opts.atol + opts.rtol * Math.max(Math.abs(y[i] as number), Math.abs(tmp[i] as number));
      err += ((hs * e) / sc) ** 2;
    }
    err = Math.sqrt(err / n);
    if (err <= 1) {
      t += hs;
      y = Float64Array.from(tmp);
      (k[0] as Float64Array).set(k[6] as Float64Array);
      accepted++;
    } else rejected++;
    h *= Math.min(10, Math.max(0.2, 0.9 * Math.pow(Math.max(err, 1e-10), -0.2)));
  }
  return { y, nfe, accepted, rejected };
}
