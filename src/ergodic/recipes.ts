import { finitePositive, inRange, oneAtATime } from "../config";
import type { SolveOptions } from "../mfg/options";
import { besselI0 } from "./bessel";

/**
 * The four options of mfg.solve by which our stabilised scheme departs from Cao–Guo–Laurière's
 * Algorithm 1. As written: the FP residual as it stands, λ a plain trainable scalar, constant
 * learning rates, Glorot-random nets. Stabilised: the FP residual divided by m, λ = s·θ_λ, both
 * learning rates decayed geometrically to lr·lrDecay, both read-outs started at zero.
 */
export type ErgodicRecipe = Pick<SolveOptions, "fpForm" | "lambdaScale" | "lrDecay" | "readout">;

export const asWrittenRecipe: ErgodicRecipe = Object.freeze({ fpForm: "plain", lambdaScale: 1, lrDecay: 1, readout: "random" });

export function stabilisedRecipe(lambdaScale: number, lrDecay: number): ErgodicRecipe {
  finitePositive("stabilisedRecipe", "lambdaScale", lambdaScale);
  inRange(0, 1, "()")("stabilisedRecipe", "lrDecay", lrDecay);
  return Object.freeze({ fpForm: "over-m", lambdaScale, lrDecay, readout: "zero" });
}

/** the stabilised recipe with each stabiliser switched off alone (set to its as-written value) */
export function stabiliserAblations(stabilised: ErgodicRecipe): { factor: keyof ErgodicRecipe & string; recipe: ErgodicRecipe }[] {
  return oneAtATime(stabilised, asWrittenRecipe);
}

/**
 * Rel L2 error of the trivial density m ≡ 1 against the exact m = e^{2u}/∫e^{2u} on T^d, in closed
 * form: E m*² = (I₀(4c)/I₀(2c)²)^d and E m* = 1, so ‖1 − m*‖/‖m*‖ = √(1 − 1/E m*²).
 * (u ≡ 0 scores rel L2 1 for u, whatever d and c.)
 */
export function trivialRelL2M(d: number, c: number): number {
  const i2 = besselI0(2 * c);
  const em2 = Math.pow(besselI0(4 * c) / (i2 * i2), d);
  return Math.sqrt(1 - 1 / em2);
}
