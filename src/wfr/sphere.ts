import { intAtLeast, positiveInt } from "../config";
import type { Rng } from "../random";

/**
 * Points on the unit sphere S^{d-1} stored row-major in one Float64Array (n rows of length d).
 * Plain TypeScript: the games need only first-order gradients, exact and cheap without tensors.
 */

export function dot(a: ArrayLike<number>, b: ArrayLike<number>, d: number, ia = 0, ib = 0): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += (a[ia + k] as number) * (b[ib + k] as number);
  return s;
}

/** g <- g - (g·x) x: the Riemannian gradient of the sphere at x (|x| = 1) */
export function projectTangent(x: ArrayLike<number>, g: Float64Array, d: number, ix = 0): void {
  const gx = dot(g, x, d, 0, ix);
  for (let k = 0; k < d; k++) g[k] = (g[k] as number) - gx * (x[ix + k] as number);
}

/** retraction onto the sphere: row i of pos divided by its norm (a zero row is an error) */
export function retractRow(pos: Float64Array, i: number, d: number): void {
  const nrm = Math.sqrt(dot(pos, pos, d, i * d, i * d));
  if (!(nrm > 0) || !Number.isFinite(nrm)) throw new Error(`retractRow: row ${i} has norm ${nrm}, cannot retract`);
  for (let k = 0; k < d; k++) pos[i * d + k] = (pos[i * d + k] as number) / nrm;
}

/** n points uniform on S^{d-1} (normalised standard Gaussians) */
export function uniformSphere(r: Rng, n: number, d: number): Float64Array {
  positiveInt("uniformSphere", "n", n);
  intAtLeast(2)("uniformSphere", "d", d);
  const pos = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) pos[i * d + k] = r.normal();
    retractRow(pos, i, d);
  }
  return pos;
}

/** largest |‖row‖ - 1| over the rows: 0 on the sphere */
export function sphereDefect(pos: Float64Array, d: number): number {
  let worst = 0;
  for (let i = 0; i < pos.length / d; i++) worst = Math.max(worst, Math.abs(Math.sqrt(dot(pos, pos, d, i * d, i * d)) - 1));
  return worst;
}
