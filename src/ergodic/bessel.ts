/**
 * Modified Bessel function of the first kind, order 0, by its power series
 * I₀(x) = Σ_k ((x/2)^k / k!)². All terms are positive, so the partial sums converge
 * monotonically without cancellation; we stop when a term no longer changes the sum.
 */
export function besselI0(x: number): number {
  if (!Number.isFinite(x)) throw new Error(`besselI0: x must be finite, got ${x}`);
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 10_000; k++) {
    term *= q / (k * k);
    const next = sum + term;
    if (next === sum) return sum;
    sum = next;
  }
  throw new Error(`besselI0: series did not converge for x = ${x}`);
}
