import type { Rng } from "../random";
import { prefixLogs, type Logs } from "../train";
import type { Disposable, Model } from "./types";

/**
 * One outer iteration of Cao–Guo–Laurière's Algorithm 1: on one draw of points, the players take
 * their steps in the order of `order` (e.g. alternation({ value: 2, density: 1 })), each on its own
 * residual with the other player frozen at its current state (refrozen whenever the turn passes).
 */
export function adversarialIteration(model: Model, r: Rng, i: number, order: readonly ("value" | "density")[]): Logs {
  const b = model.draw(r);
  let frozen: Disposable | undefined;
  let turn: "value" | "density" | undefined;
  const logs: Logs = {};
  try {
    for (const who of order) {
      if (who !== turn) {
        frozen?.dispose();
        frozen = undefined;
        frozen = who === "value" ? model.freezeDensity(b) : model.freezeValue(b);
        turn = who;
      }
      const f = frozen as Disposable;
      const step = who === "value"
        ? model.value.step(() => model.valueLoss(b, f), i)
        : model.density.step(() => model.densityLoss(b, f), i);
      Object.assign(logs, prefixLogs(who === "value" ? "u" : "m", step));
    }
  } finally {
    frozen?.dispose();
    b.dispose();
  }
  return { ...logs, ...model.logs() };
}
