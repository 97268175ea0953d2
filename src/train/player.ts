import * as tf from "@tensorflow/tfjs";

/** Plain numbers handed to callbacks and history rows. */
export type Logs = Record<string, number>;

/**
 * What a loss function returns: the scalar to minimise and its named parts (for logs and for
 * naming the culprit when the loss goes non-finite). Built inside the optimiser's tape.
 */
export interface LossTerms {
  readonly total: tf.Scalar;
  readonly terms?: Readonly<Record<string, tf.Scalar>>;
}

export type LossFn = () => LossTerms;

/** Thrown when a loss term is NaN or ±Infinity; the message names the step, the player and the term. */
export class NonFiniteLossError extends Error {
  constructor(readonly step: number, readonly term: string, readonly value: number, readonly player: string) {
    super(`non-finite loss at step ${step}: term "${term}" = ${value} (player "${player}")`);
    this.name = "NonFiniteLossError";
  }
}

/** Adam whose learning rate can change between steps (for schedules). */
export class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(lr: number): void {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be finite and > 0, got ${lr}`);
    this.learningRate = lr;
  }
  getLearningRate(): number {
    return this.learningRate;
  }
}

export interface PlayerOptions {
  readonly name?: string;
  readonly vars: readonly tf.Variable[];
  readonly lr?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** One optimised party (a net, a generator, a discriminator): its own Adam over its own variables. */
export interface Player {
  readonly name: string;
  readonly vars: readonly tf.Variable[];
  readonly optimizer: ScheduledAdam;
  /** one Adam step on the loss over this player's variables only; returns {total, ...terms} */
  step(loss: LossFn, stepIndex: number): Logs;
  setLearningRate(lr: number): void;
  readonly lr: number;
  /** disposes the optimiser state (not the variables: they belong to the net) */
  dispose(): void;
}

export function adamPlayer(opts: PlayerOptions): Player {
  const name = opts.name ?? "player";
  if (opts.vars.length === 0) throw new Error(`adamPlayer "${name}": vars is empty`);
  const lr = opts.lr ?? 1e-3;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`adamPlayer "${name}": lr must be finite and > 0, got ${lr}`);
  const optimizer = new ScheduledAdam(lr, opts.beta1 ?? 0.9, opts.beta2 ?? 0.999, opts.epsilon ?? 1e-8);
  return optimizerPlayer(name, opts.vars, optimizer, { set: (v) => optimizer.setLearningRate(v), get: () => optimizer.getLearningRate() });
}

/**
 * A player over any tfjs optimiser (adamPlayer's Player is one, with its ScheduledAdam). Code that only
 * steps players takes this type, so SGD and Adam players are interchangeable there.
 */
export interface OptimizerPlayer<O extends tf.Optimizer = tf.Optimizer> extends Omit<Player, "optimizer"> {
  readonly optimizer: O;
}

/** the player around an optimiser whose rate `rate` reads and writes */
export function optimizerPlayer<O extends tf.Optimizer>(name: string, vars: readonly tf.Variable[], optimizer: O,
  rate: { set(lr: number): void; get(): number }): OptimizerPlayer<O> {
  if (vars.length === 0) throw new Error(`player "${name}": vars is empty`);
  const own = vars.slice();
  return {
    name,
    vars,
    optimizer,
    step: (loss, stepIndex) => optimizerStep(optimizer, own, loss, stepIndex, name),
    setLearningRate: (v) => rate.set(v),
    get lr() {
      return rate.get();
    },
    dispose: () => optimizer.dispose(),
  };
}

/** A loss's total and terms stacked inside the tape, kept out of its tidy: one dataSync reads them all. */
export interface PackedLoss {
  readonly packed: tf.Tensor1D;
  readonly names: readonly string[];
}

export function packLoss(r: LossTerms): PackedLoss {
  const terms = r.terms ?? {};
  const names = Object.keys(terms);
  return { packed: tf.keep(tf.stack([r.total, ...names.map((k) => terms[k] as tf.Scalar)]) as tf.Tensor1D), names };
}

/** {total, ...terms} as numbers; throws NonFiniteLossError naming the first bad part (not "total"). */
export function readLoss(p: PackedLoss, stepIndex: number, player: string): Logs {
  const values = p.packed.dataSync();
  const logs: Logs = { total: values[0] as number };
  p.names.forEach((k, j) => {
    logs[k] = values[j + 1] as number;
  });
  for (const k of [...p.names, "total"]) {
    const v = logs[k] as number;
    if (!Number.isFinite(v)) throw new NonFiniteLossError(stepIndex, k, v, player);
  }
  return logs;
}

/** minimize(loss, false, vars) for any tfjs optimiser (Adam, SGD), with one read-back of all terms. */
export function optimizerStep(optimizer: tf.Optimizer, vars: tf.Variable[], loss: LossFn, stepIndex: number, name: string): Logs {
  let pack: PackedLoss | undefined;
  optimizer.minimize(() => {
    const r = loss();
    pack = packLoss(r);
    return r.total;
  }, false, vars);
  if (pack === undefined) throw new Error(`player "${name}": the loss function did not run`);
  try {
    return readLoss(pack, stepIndex, name);
  } finally {
    pack.packed.dispose();
  }
}

/** {a: 1} -> {"u.a": 1}: merges the logs of several players without clashes */
export function prefixLogs(prefix: string, logs: Logs): Logs {
  const out: Logs = {};
  for (const [k, v] of Object.entries(logs)) out[`${prefix}.${k}`] = v;
  return out;
}
