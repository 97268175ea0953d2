/** A learning-rate schedule: step index (0-based) -> learning rate. */
export type LrSchedule = (step: number) => number;

export function constantLr(lr: number): LrSchedule {
  checkLr(lr, "lr");
  return () => lr;
}

/**
 * Geometric interpolation from lr (step 0) to lrFinal (last step). A decaying rate lets Adam settle
 * into accuracies that a constant rate only oscillates around.
 */
export function exponentialLr(lr: number, lrFinal: number, steps: number): LrSchedule {
  checkLr(lr, "lr");
  checkLr(lrFinal, "lrFinal");
  if (!Number.isInteger(steps) || steps <= 0) throw new Error(`exponentialLr: steps must be a positive integer, got ${steps}`);
  const ratio = lrFinal / lr;
  return (i) => (steps === 1 ? lr : lr * Math.pow(ratio, Math.min(Math.max(i, 0), steps - 1) / (steps - 1)));
}

function checkLr(v: number, name: string): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${name} must be finite and > 0, got ${v}`);
}
