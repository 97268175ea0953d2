import { finitePositive } from "../config";

/**
 * Ridge least squares by Cholesky, in float64: solves (A + λ·mean(diag A)·I) x = b for a symmetric
 * positive semi-definite n×n matrix A (row-major) and right-hand sides b (n×k, row-major).
 * Used for the exact regression of the generator's output layer, where A = HᵀH/m is a Gram matrix
 * of bump features: nearly dependent columns make A singular to float32 round-off, and the relative
 * ridge λ keeps the factorisation positive definite.
 */
export function ridgeSolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, lambda: number): Float64Array {
  if (!Number.isInteger(n) || n < 1 || a.length !== n * n) throw new Error(`ridgeSolve: a must be ${n}×${n}, got ${a.length} values`);
  if (!Number.isInteger(k) || k < 1 || b.length !== n * k) throw new Error(`ridgeSolve: b must be ${n}×${k}, got ${b.length} values`);
  finitePositive("ridgeSolve", "lambda", lambda);
  const l = Float64Array.from(a);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += l[i * n + i] as number;
  const shift = (lambda * trace) / n || lambda;
  for (let i = 0; i < n; i++) l[i * n + i] = (l[i * n + i] as number) + shift;
  choleskyInPlace(l, n);
  const x = Float64Array.from(b);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      let t = x[i * k + c] as number;
      for (let j = 0; j < i; j++) t -= (l[i * n + j] as number) * (x[j * k + c] as number);
      x[i * k + c] = t / (l[i * n + i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let t = x[i * k + c] as number;
      for (let j = i + 1; j < n; j++) t -= (l[j * n + i] as number) * (x[j * k + c] as number);
      x[i * k + c] = t / (l[i * n + i] as number);
    }
  }
  return x;
}

/** lower-triangular L with L Lᵀ = A, written over the lower triangle of a */
function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j] as number;
    for (let p = 0; p < j; p++) s -= (a[j * n + p] as number) ** 2;
    if (!(s > 0)) throw new Error(`ridgeSolve: the matrix is not positive definite at pivot ${j} (${s}); increase lambda`);
    const d = Math.sqrt(s);
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j] as number;
      for (let p = 0; p < j; p++) t -= (a[i * n + p] as number) * (a[j * n + p] as number);
      a[i * n + j] = t / d;
    }
  }
}
