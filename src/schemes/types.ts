import type { Rng } from "../random";
import type { Logs, LossTerms, Player } from "../train";

export interface Disposable {
  dispose(): void;
}

/**
 * What a scheme needs from a posed problem: two players (the value player owns u's net and, in
 * ergodic problems, λ; the density player owns m's net), fresh points per outer iteration, and
 * three losses. valueLoss/densityLoss see the other player frozen (its values computed once by
 * freezeDensity/freezeValue, outside the tape); jointLoss differentiates through both.
 */
export interface Model<B extends Disposable = Disposable, F extends Disposable = Disposable> {
  readonly value: Player;
  readonly density: Player;
  draw(r: Rng): B;
  freezeDensity(b: B): F;
  valueLoss(b: B, frozen: F): LossTerms;
  freezeValue(b: B): F;
  densityLoss(b: B, frozen: F): LossTerms;
  jointLoss(b: B): LossTerms;
  /** plain numbers worth logging every step (λ) */
  logs(): Logs;
}
