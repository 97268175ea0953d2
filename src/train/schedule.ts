/** A learning-rate schedule: step index (0-based) -> learning rate. */
export type LrSchedule = (step: number) => number;

export function constantLr(lr: number): LrSchedule {
  checkLr(lr, "lr");
  return () => lr;
}

/**
 * lr for the first `hold` fraction of the steps, then geometric decay to lrFinal at the last step.
 * Fitting a residual needs a large rate for long (decaying early stalls it); the final decay lets
 * Adam settle into accuracies that a constant rate only oscillates around.
 */
export function exponentialLr(lr: number, lrFinal: number, steps: number, hold = 0): LrSchedule {
  checkLr(lr, "lr");
  checkLr(lrFinal, "lrFinal");
  if (!Number.isInteger(steps) || steps <= 0) throw new Error(`exponentialLr: steps must be a positive integer, got ${steps}`);
  if (!(hold >= 0 && hold < 1)) throw new Error(`exponentialLr: hold must be in [0, 1), got ${hold}`);
  const ratio = lrFinal / lr;
  const start = Math.floor(hold * (steps - 1));
  const span = steps - 1 - start;
  return (i) => {
    const k = Math.min(Math.max(i, 0), steps - 1) - start;
    return span === 0 || k <= 0 ? lr : lr * Math.pow(ratio, k / span);
  };
}

function checkLr(v: number, name: string): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${name} must be finite and > 0, got ${v}`);
}

/**
 * The K_u / K_m alternation of a two-player scheme as the sequence of players of one outer
 * iteration: alternation({ value: 2, density: 1 }) = ["value", "value", "density"].
 */
export function alternation<K extends string>(counts: Readonly<Record<K, number>>): K[] {
  const out: K[] = [];
  for (const [k, n] of Object.entries(counts) as [K, number][]) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`alternation: the count of "${k}" must be a positive integer, got ${n}`);
    for (let i = 0; i < n; i++) out.push(k);
  }
  if (out.length === 0) throw new Error("alternation: no players");
  return out;
}
