/** Knobs of the alternating (GAN-style) scheme; every field has a default in DEFAULT_ERGODIC_CONFIG. */
export interface ErgodicConfig {
  readonly seed: number;
  /** outer iterations, each K_u value steps then K_m density steps */
  readonly iterations: number;
  readonly kU: number;
  readonly kM: number;
  /** collocation points per step */
  readonly batch: number;
  /** how the collocation points are drawn: i.i.d. uniform, or a Latin hypercube on the torus */
  readonly collocation: "uniform" | "latin";
  /** Monte Carlo points (Latin hypercube) for ln Z and for the (∫u)² penalty */
  readonly zSamples: number;
  /** initial learning rates: the value player (generator) gets the larger one */
  readonly lrU: number;
  readonly lrM: number;
  /** learning rates decay exponentially to lr·lrDecay at the last iteration */
  readonly lrDecay: number;
  /** weight of the penalty (∫u)² that pins the additive constant of u */
  readonly meanPenalty: number;
  /**
   * "plain": the FP residual as written; "over-m" (default): divided by m, scale-free and without Z,
   * which converged far faster in our d = 1 runs
   */
  readonly fpForm: "plain" | "over-m";
  readonly lambdaInit: number;
  /** λ = lambdaScale·θ_λ: λ's effective Adam step is lambdaScale times the value player's */
  readonly lambdaScale: number;
  /** evaluate the metrics every evalEvery outer iterations (and at the last one) */
  readonly evalEvery: number;
  /** uniform evaluation points for the Monte Carlo metrics */
  readonly evalPoints: number;
}

export const DEFAULT_ERGODIC_CONFIG: ErgodicConfig = Object.freeze({
  seed: 1,
  iterations: 1000,
  kU: 2,
  kM: 1,
  batch: 256,
  collocation: "uniform",
  zSamples: 1024,
  lrU: 3e-3,
  lrM: 1e-3,
  lrDecay: 0.01,
  meanPenalty: 1,
  fpForm: "over-m",
  lambdaInit: 0,
  lambdaScale: 10,
  evalEvery: 50,
  evalPoints: 4096,
});

const POSITIVE_INTS = ["iterations", "kU", "kM", "batch", "zSamples", "evalEvery", "evalPoints"] as const;
const POSITIVE_NUMS = ["lrU", "lrM", "lrDecay", "lambdaScale"] as const;

/** Defaults overridden by `over`, validated: a bad value throws naming its field. */
export function ergodicConfig(over: Partial<ErgodicConfig> = {}): ErgodicConfig {
  const cfg: ErgodicConfig = { ...DEFAULT_ERGODIC_CONFIG, ...over };
  for (const k of POSITIVE_INTS) {
    if (!Number.isInteger(cfg[k]) || cfg[k] < 1) throw new Error(`ergodic config: ${k} must be a positive integer, got ${cfg[k]}`);
  }
  for (const k of POSITIVE_NUMS) {
    if (!(cfg[k] > 0) || !Number.isFinite(cfg[k])) throw new Error(`ergodic config: ${k} must be a positive number, got ${cfg[k]}`);
  }
  if (!(cfg.meanPenalty >= 0)) throw new Error(`ergodic config: meanPenalty must be >= 0, got ${cfg.meanPenalty}`);
  if (!Number.isInteger(cfg.seed)) throw new Error(`ergodic config: seed must be an integer, got ${cfg.seed}`);
  if (!Number.isFinite(cfg.lambdaInit)) throw new Error(`ergodic config: lambdaInit must be finite, got ${cfg.lambdaInit}`);
  if (cfg.fpForm !== "plain" && cfg.fpForm !== "over-m") throw new Error(`ergodic config: fpForm must be "plain" or "over-m", got ${String(cfg.fpForm)}`);
  if (cfg.collocation !== "uniform" && cfg.collocation !== "latin") throw new Error(`ergodic config: collocation must be "uniform" or "latin", got ${String(cfg.collocation)}`);
  return Object.freeze(cfg);
}
