import { activationF64 } from "./activations";
import type { LabNet } from "./types";

/**
 * A float64 re-evaluation of a net in plain JavaScript, from its weights read out of tfjs. The
 * tests differentiate this by central finite differences, independently of tfjs.
 */
export interface NetF64 {
  /** the net's variables as float64 copies, in `vars` order (mutate them to perturb a weight) */
  readonly weights: Float64Array[];
  readonly shapes: readonly (readonly number[])[];
  /** u at one raw input point (length inDim) with the current `weights` */
  u(x: readonly number[]): number;
}

type Mat = { readonly w: Float64Array; readonly rows: number; readonly cols: number };

/** y = x W (+ b), x a row vector. */
function affine(x: readonly number[], m: Mat, b?: Float64Array): number[] {
  const y = new Array<number>(m.cols).fill(0);
  for (let i = 0; i < m.rows; i++) {
    const xi = x[i] as number;
    for (let j = 0; j < m.cols; j++) y[j] = (y[j] as number) + xi * (m.w[i * m.cols + j] as number);
  }
  if (b !== undefined) for (let j = 0; j < m.cols; j++) y[j] = (y[j] as number) + (b[j] as number);
  return y;
}

function featuresF64(net: LabNet, x: readonly number[]): number[] {
  const { scale, shift } = net.inputMap;
  const y = x.map((v, c) => v * (scale?.[c] ?? 1) + (shift?.[c] ?? 0));
  if (!net.periodic) return y;
  const t0 = net.timeInput ? 1 : 0;
  const ys = y.slice(t0);
  return [...y.slice(0, t0), ...ys.map((v) => Math.sin(2 * Math.PI * v)), ...ys.map((v) => Math.cos(2 * Math.PI * v))];
}

export function netF64(net: LabNet): NetF64 {
  const weights = net.vars.map((v) => Float64Array.from(v.dataSync()));
  const shapes = net.vars.map((v) => v.shape);
  const mat = (i: number): Mat => {
    const s = shapes[i] as readonly number[];
    return { w: weights[i] as Float64Array, rows: s[0] as number, cols: s[1] as number };
  };
  const vec = (i: number): Float64Array => weights[i] as Float64Array;
  const act = activationF64(net.activation);
  const sig = (v: number[]): number[] => v.map(act);
  const u = (x: readonly number[]): number => {
    if (x.length !== net.inDim) throw new Error(`netF64: x must have length ${net.inDim}, got ${x.length}`);
    const f = featuresF64(net, x);
    if (net.kind === "mlp") {
      let h = f;
      const last = weights.length / 2 - 1;
      for (let l = 0; l < last; l++) h = sig(affine(h, mat(2 * l), vec(2 * l + 1)));
      return affine(h, mat(2 * last), vec(2 * last + 1))[0] as number;
    }
    const k = net.sizes[0] as number;
    let s = sig(affine(f, mat(0), vec(1)));
    net.sizes.forEach((_, l) => {
      const o = 2 + 6 * l;
      const ws = affine(s, mat(o + 1));
      const zgr = sig(affine(f, mat(o), vec(o + 2)).map((v, j) => v + (ws[j] as number)));
      const z = zgr.slice(0, k), g = zgr.slice(k, 2 * k), r = zgr.slice(2 * k);
      const sr = s.map((v, j) => v * (r[j] as number));
      const wsr = affine(sr, mat(o + 4));
      const h = sig(affine(f, mat(o + 3), vec(o + 5)).map((v, j) => v + (wsr[j] as number)));
      s = h.map((hv, j) => (1 - (g[j] as number)) * hv + (z[j] as number) * (s[j] as number));
    });
    const o = 2 + 6 * net.sizes.length;
    return affine(s, mat(o), vec(o + 1))[0] as number;
  };
  return { weights, shapes, u };
}
