import * as tf from "@tensorflow/tfjs";
import { all, finiteNonNegative, finitePositive, integer, positiveInt } from "../config";
import { type Rng, rng } from "../random";
import { adamPlayer, runLoop, stepOnTerm, type HistoryRow, type Player } from "../train";
import { modeBalance } from "../domains";
import { gaussianMixture } from "../sampling";
import { multiplicativeUpdate } from "./measure";
import { type Ring, EIGHT_GAUSSIANS, modeFractions, modesCovered, ringLogLikelihood, ringMixture } from "./ring-gmm";
import { type StackedMlp, stackedMlp } from "./stacked-mlp";

/**
 * A mixture of WGAN generators G_i (weights w) against a mixture of clipped critics D_j (weights v):
 *   ℓ(θ_i, φ_j) = E_data D_j(x) − E_z D_j(G_i(z)),   generators minimise, critics maximise.
 * Positions (network parameters) take Adam steps along each particle's first variation
 * Σ_j v_j ∇ℓ(θ_i, φ_j) (resp. Σ_i w_i ∇ℓ(θ_i, φ_j)); weights take the Fisher–Rao step when etaFR > 0.
 */
export interface MixtureGanConfig {
  readonly generators: number;
  readonly critics: number;
  /** Fisher–Rao step on the mixture weights; 0 keeps them uniform (positions-only dynamics) */
  readonly etaFR: number;
  readonly genSteps: number;
  readonly seed: number;
  readonly zDim?: number;
  /** hidden widths of each generator: one number for one layer, a list for several, [] for affine generators */
  readonly genHidden?: number | readonly number[];
  readonly criticHidden?: number | readonly number[];
  /** critic weights are clipped to [−clip, clip] after every critic step */
  readonly clip?: number;
  readonly lrG?: number;
  readonly lrD?: number;
  readonly nCritic?: number;
  readonly batch?: number;
  readonly ring?: Ring;
}

export interface GanRow {
  readonly genStep: number;
  readonly loglik: number;
  readonly modes: number;
  readonly weights: readonly number[];
}

/**
 * The Fisher–Rao step of both mixtures from the payoff matrix ℓ ([J, I] row-major, ℓ[j·I + i] = ℓ_ij):
 * w_i ∝ w_i exp(−η' Σ_j v_j ℓ_ij), v_j ∝ v_j exp(+η' Σ_i w_i ℓ_ij), both from the pre-step weights.
 */
export function fisherRaoMixtures(w: Float64Array, v: Float64Array, l: ArrayLike<number>, etaFR: number): void {
  const I = w.length, J = v.length;
  if (l.length !== I * J) throw new Error(`fisherRaoMixtures: payoff has ${l.length} entries, expected ${J}×${I}`);
  const sw = new Float64Array(I), sv = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    for (let i = 0; i < I; i++) {
      const lij = l[j * I + i] as number;
      sw[i] = (sw[i] as number) + (v[j] as number) * lij;
      sv[j] = (sv[j] as number) + (w[i] as number) * lij;
    }
  }
  multiplicativeUpdate(w, sw, -etaFR);
  multiplicativeUpdate(v, sv, etaFR);
}

export class MixtureGan {
  readonly gen: StackedMlp;
  readonly critic: StackedMlp;
  readonly w: Float64Array;
  readonly v: Float64Array;
  private readonly gPlayer: Player;
  private readonly dPlayer: Player;
  private readonly r: Rng;
  private readonly c: Required<MixtureGanConfig>;

  constructor(cfg: MixtureGanConfig) {
    this.c = { zDim: 2, genHidden: 64, criticHidden: 64, clip: 0.1, lrG: 1e-3, lrD: 1e-3, nCritic: 5, batch: 256, ring: EIGHT_GAUSSIANS, ...cfg };
    const { generators, critics, genSteps, nCritic, batch, zDim, genHidden, criticHidden } = this.c;
    all("MixtureGan", { generators, critics, genSteps, nCritic, batch, zDim }, positiveInt);
    finiteNonNegative("MixtureGan", "etaFR", this.c.etaFR);
    all("MixtureGan", { clip: this.c.clip, lrG: this.c.lrG, lrD: this.c.lrD }, finitePositive);
    integer("MixtureGan", "seed", cfg.seed);
    // the GAN owns its stream: initial weights first, then every batch of noise and data
    this.r = rng(cfg.seed);
    this.gen = stackedMlp(this.r, generators, zDim, genHidden, 2, "gen");
    this.critic = stackedMlp(this.r, critics, 2, criticHidden, 1, "critic");
    this.w = new Float64Array(generators).fill(1 / generators);
    this.v = new Float64Array(critics).fill(1 / critics);
    // β₁ = 0.5, β₂ = 0.9: the usual Adam setting for WGANs; ε that of tf.train.adam (the backend's)
    const adam = { beta1: 0.5, beta2: 0.9, epsilon: tf.backend().epsilon() };
    this.gPlayer = adamPlayer({ name: "generators", vars: this.gen.vars, lr: this.c.lrG, ...adam });
    this.dPlayer = adamPlayer({ name: "critics", vars: this.critic.vars, lr: this.c.lrD, ...adam });
  }

  private noise(count: number, n: number): tf.Tensor3D {
    return tf.tensor3d(Float32Array.from(this.r.normalArray(count * n * this.c.zDim)), [count, n, this.c.zDim]);
  }

  /** E_data D_j [J] and E_z D_j(G_i(z)) as a [J, I] matrix, on fresh batches */
  private payoffParts(): { real: tf.Tensor1D; fake: tf.Tensor2D } {
    const { generators: I, critics: J, batch } = this.c;
    const z = this.noise(I, batch);
    const data = gaussianMixture(this.r, batch, ringMixture(this.c.ring));
    const fakeX = tf.reshape(this.gen.apply(z), [1, I * batch, 2]);
    const fake = tf.mean(tf.reshape(this.critic.apply(tf.tile(fakeX, [J, 1, 1]) as tf.Tensor3D), [J, I, batch]), 2) as tf.Tensor2D;
    const real = tf.mean(tf.reshape(this.critic.apply(tf.tile(tf.expandDims(data, 0), [J, 1, 1]) as tf.Tensor3D), [J, batch]), 1) as tf.Tensor1D;
    return { real, fake };
  }

  /** one critic step: each critic ascends Σ_i w_i ℓ(θ_i, φ_j), then clipping; returns −Σ_j payoff before the step */
  criticStep(step = 0): number {
    // tensors made inside the loss are freed by the optimiser's tidy
    const loss = stepOnTerm(this.dPlayer, "critic", () => {
      const w = tf.tensor1d(Float32Array.from(this.w));
      const { real, fake } = this.payoffParts();
      return tf.neg(tf.sum(tf.sub(real, tf.matMul(fake, tf.expandDims(w, 1)).squeeze([1])))) as tf.Scalar;
    }, step);
    const c = this.c.clip;
    // inside tidy: assign keeps the clipped values alive, the temporaries are freed
    tf.tidy(() => this.critic.vars.forEach((p) => p.assign(tf.clipByValue(p, -c, c))));
    return loss;
  }

  /**
   * one generator step: each generator descends Σ_j v_j ℓ(θ_i, φ_j); then, with etaFR > 0, the
   * Fisher–Rao step on both mixtures using the payoff matrix ℓ_ij measured before the step.
   * Returns the generators' loss −Σ_j v_j E D_j(G_i(z)) summed over i, before the step.
   */
  generatorStep(step = 0): number {
    let payoff: Float32Array | undefined;
    const loss = stepOnTerm(this.gPlayer, "generator", () => {
      const v = tf.tensor1d(Float32Array.from(this.v));
      const { real, fake } = this.payoffParts();
      if (this.c.etaFR > 0) payoff = tf.sub(tf.expandDims(real, 1), fake).dataSync() as Float32Array;
      return tf.neg(tf.sum(tf.matMul(tf.expandDims(v, 0), fake))) as tf.Scalar;
    }, step);
    if (payoff !== undefined) fisherRaoMixtures(this.w, this.v, payoff, this.c.etaFR);
    return loss;
  }

  /** n samples of the generator mixture (component drawn by w) and the component of each */
  sample(n: number, seed: number): { xy: Float32Array; component: Int32Array } {
    const r = rng(seed);
    const I = this.w.length;
    const component = Int32Array.from({ length: n }, () => r.categorical(Array.from(this.w)));
    const z = tf.tensor3d(Float32Array.from(r.normalArray(I * n * this.c.zDim)), [I, n, this.c.zDim]);
    const all = tf.tidy(() => this.gen.apply(z).dataSync() as Float32Array);
    z.dispose();
    const xy = new Float32Array(2 * n);
    component.forEach((i, k) => xy.set(all.subarray((i * n + k) * 2, (i * n + k) * 2 + 2), 2 * k));
    return { xy, component };
  }

  /**
   * On n fresh samples of the mixture: log-likelihood under the true ring (it rewards collapse onto
   * mode centres), modes covered, the two-sided mode balance of src/domains (share of samples within
   * 3 std of a mode, KL of their mode histogram to the ring's equal weights), and per-generator mode fractions.
   */
  evaluate(n: number, seed: number): { loglik: number; modes: number; highQuality: number; modeKl: number; byGenerator: number[][] } {
    const { xy, component } = this.sample(n, seed);
    const byGenerator = Array.from(this.w, (_, i) => {
      const mine = xy.filter((_, k) => component[k >> 1] === i);
      return mine.length === 0 ? new Array<number>(this.c.ring.modes).fill(0) : modeFractions(this.c.ring, mine);
    });
    const balance = modeBalance(ringMixture(this.c.ring), xy);
    return { loglik: ringLogLikelihood(this.c.ring, xy), modes: modesCovered(this.c.ring, xy), highQuality: balance.highQuality,
      modeKl: balance.klToWeights, byGenerator };
  }

  dispose(): void {
    this.gen.dispose();
    this.critic.dispose();
    this.gPlayer.dispose();
    this.dPlayer.dispose();
  }

  get config(): Required<MixtureGanConfig> {
    return this.c;
  }
}

export interface MixtureGanRun {
  readonly gan: MixtureGan;
  /** the evaluations, every evalEvery generator updates and at the last */
  readonly rows: GanRow[];
  /** src/train's history: {step, critic, generator, lr, time_s} every evalEvery loop steps (step = update − 1) */
  readonly history: readonly HistoryRow[];
  readonly msPerStep: number;
}

/**
 * Trains for cfg.genSteps generator updates (nCritic critic steps before each) on src/train's loop.
 * The loop's own stream is unused: the GAN draws from the stream it was built with (its steps are
 * public and also run one by one). The evaluations use rng(seed + 1), apart from training.
 */
export function trainMixtureGan(cfg: MixtureGanConfig, evalEvery: number, evalSamples: number,
  onEval?: (row: GanRow) => void): MixtureGanRun {
  all("trainMixtureGan", { evalEvery, evalSamples }, positiveInt);
  const gan = new MixtureGan(cfg);
  const rows: GanRow[] = [];
  try {
    const run = runLoop({ seed: cfg.seed, steps: cfg.genSteps, lr: gan.config.lrG, logEvery: evalEvery }, (i) => {
      const t = i + 1;
      let critic = NaN;
      for (let k = 0; k < gan.config.nCritic; k++) critic = gan.criticStep(i);
      const generator = gan.generatorStep(i);
      if (t % evalEvery === 0 || t === cfg.genSteps) {
        const e = gan.evaluate(evalSamples, cfg.seed + 1);
        if (!Number.isFinite(e.loglik)) throw new Error(`trainMixtureGan: log-likelihood is ${e.loglik} at generator step ${t}`);
        const row = { genStep: t, loglik: e.loglik, modes: e.modes, weights: Array.from(gan.w) };
        rows.push(row);
        onEval?.(row);
      }
      return { critic, generator };
    });
    return { gan, rows, history: run.history, msPerStep: run.msPerStep };
  } catch (e) {
    gan.dispose();
    throw e;
  }
}
