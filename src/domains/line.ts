import * as tf from "@tensorflow/tfjs";

/**
 * n points of a line through the torus [0,1)^d: x(t) = anchor + t·direction (mod 1), t = k/(n − 1)
 * for k = 0..n−1. With direction e₁ it is a 1-D slice along x₁; with (1, …, 1) the diagonal.
 * Returns the parameters t and the points [n,d] (values in [0,1)).
 */
export function torusLine(anchor: readonly number[], direction: readonly number[], n: number): { t: number[]; x: tf.Tensor2D } {
  const d = anchor.length;
  if (d === 0) throw new Error("torusLine: anchor must have at least one coordinate");
  if (direction.length !== d) throw new Error(`torusLine: direction has ${direction.length} entries, anchor has ${d}`);
  if (![...anchor, ...direction].every(Number.isFinite)) throw new Error("torusLine: anchor and direction must be finite");
  if (!Number.isInteger(n) || n < 2) throw new Error(`torusLine: n must be an integer >= 2, got ${n}`);
  const t = Array.from({ length: n }, (_, k) => k / (n - 1));
  const out = new Float32Array(n * d);
  t.forEach((tk, k) => {
    for (let i = 0; i < d; i++) {
      const v = (anchor[i] as number) + tk * (direction[i] as number);
      // float32 rounding of a value just below 1 can give 1: the torus is half-open
      out[k * d + i] = Math.fround(v - Math.floor(v)) >= 1 ? 0 : v - Math.floor(v);
    }
  });
  return { t, x: tf.tensor2d(out, [n, d]) };
}
