import type { Rng } from "../random";
import { jointStep, prefixLogs, type Logs } from "../train";
import type { Model } from "./types";

/**
 * One iteration of the joint DGM (Carmona–Laurière): ONE loss with both residuals and all
 * conditions, differentiated through both nets at once; each player's Adam applies its part.
 */
export function jointIteration(model: Model, r: Rng, i: number): Logs {
  const b = model.draw(r);
  try {
    return { ...prefixLogs("joint", jointStep([model.value, model.density], () => model.jointLoss(b), i)), ...model.logs() };
  } finally {
    b.dispose();
  }
}
