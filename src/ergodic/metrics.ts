import * as tf from "@tensorflow/tfjs";

function check(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: lengths differ (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new Error(`${what}: empty input`);
}

/** ‖a − b‖ / ‖b‖ over the sample (a Monte Carlo estimate of the relative L2 error on the torus). */
export function relL2(approx: ArrayLike<number>, exact: ArrayLike<number>): number {
  check(approx, exact, "relL2");
  let num = 0;
  let den = 0;
  for (let i = 0; i < exact.length; i++) {
    const e = exact[i] as number;
    const r = (approx[i] as number) - e;
    num += r * r;
    den += e * e;
  }
  if (den === 0) throw new Error("relL2: the exact values are all zero");
  return Math.sqrt(num / den);
}

/** relL2 after removing each sample's mean: u is defined up to a constant, pinned only by ∫u = 0. */
export function relL2Centered(approx: ArrayLike<number>, exact: ArrayLike<number>): number {
  check(approx, exact, "relL2Centered");
  return relL2(center(approx), center(exact));
}

function center(a: ArrayLike<number>): Float64Array {
  let mean = 0;
  for (let i = 0; i < a.length; i++) mean += a[i] as number;
  mean /= a.length;
  return Float64Array.from({ length: a.length }, (_, i) => (a[i] as number) - mean);
}

/** Root mean square of a residual tensor, as a number (the tensor is not disposed). */
export function rms(r: tf.Tensor): number {
  const ms = tf.tidy(() => tf.mean(tf.square(r)));
  const v = ms.dataSync()[0] as number;
  ms.dispose();
  return Math.sqrt(v);
}
