import * as tf from "@tensorflow/tfjs";

/** Calls a spec function, turning its exceptions into errors that name the field. */
export function call<T>(who: string, field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new Error(`${who}: ${field} threw on validation points: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The value must be a tensor of exactly this shape, with finite entries; errors name the field. */
export function checkTensor(who: string, field: string, t: unknown, shape: readonly number[]): tf.Tensor {
  if (!(t instanceof tf.Tensor)) throw new Error(`${who}: ${field} must return a tf.Tensor of shape [${shape.join(", ")}], got ${typeof t}`);
  if (t.rank !== shape.length || t.shape.some((s: number, i: number) => s !== shape[i])) {
    throw new Error(`${who}: ${field} must return shape [${shape.join(", ")}], got [${t.shape.join(", ")}]`);
  }
  const v = t.dataSync();
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i] as number)) throw new Error(`${who}: ${field} returned a non-finite value (${v[i]}) at entry ${i}`);
  }
  return t;
}

export function checkFunction(who: string, field: string, f: unknown): void {
  if (typeof f !== "function") throw new Error(`${who}: ${field} must be a function, got ${f === undefined ? "undefined" : typeof f}`);
}

/** p ± h e_i for every i, stacked: [2d, n, d] rows of perturbed arguments (plus, minus per i). */
export function perturb(p: tf.Tensor2D, h: number): tf.Tensor2D[] {
  const d = p.shape[1];
  const out: tf.Tensor2D[] = [];
  for (let i = 0; i < d; i++) {
    const e = unitRow(d, i, h);
    out.push(tf.add(p, e) as tf.Tensor2D, tf.sub(p, e) as tf.Tensor2D);
  }
  return out;
}

/** The row and column of the largest |a − b| and its size. */
export function worst(a: Float32Array | Float64Array, b: Float32Array | Float64Array, cols: number): { row: number; col: number; err: number } {
  let best = { row: 0, col: 0, err: -1 };
  for (let k = 0; k < a.length; k++) {
    const err = Math.abs((a[k] as number) - (b[k] as number));
    if (err > best.err) best = { row: Math.floor(k / cols), col: k % cols, err };
  }
  return best;
}

export function rowOf(t: tf.Tensor2D, row: number): number[] {
  const d = t.shape[1];
  return Array.from(t.dataSync().slice(row * d, (row + 1) * d)).map((v) => Number(v.toPrecision(4)));
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/** tf.tidy for functions returning plain values (tidy's typing only admits tensor containers). */
export function scoped<T>(f: () => T): T {
  tf.engine().startScope();
  try {
    return f();
  } finally {
    tf.engine().endScope();
  }
}

/** h·e_i as a [1, d] row. */
export function unitRow(d: number, i: number, h: number): tf.Tensor2D {
  const v = new Float32Array(d);
  v[i] = h;
  return tf.tensor2d(v, [1, d]);
}
