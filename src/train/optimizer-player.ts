import * as tf from "@tensorflow/tfjs";
import { NonFiniteLossError, type Logs, type LossFn, type Player } from "./player";

/**
 * A player over any tfjs optimiser (adamPlayer's Player is one, with its ScheduledAdam). Code that only
 * steps players takes this type, so SGD and Adam players are interchangeable there.
 */
export interface OptimizerPlayer<O extends tf.Optimizer = tf.Optimizer> extends Omit<Player, "optimizer"> {
  readonly optimizer: O;
}

export interface SgdPlayerOptions {
  readonly name?: string;
  readonly vars: readonly tf.Variable[];
  readonly lr: number;
}

/** plain SGD (θ ← θ − lr ∇L) over the player's own variables, e.g. for the JSD equivalence step */
export function sgdPlayer(opts: SgdPlayerOptions): OptimizerPlayer<tf.SGDOptimizer> {
  const name = opts.name ?? "player";
  checkRate(opts.lr, name);
  const optimizer = new tf.SGDOptimizer(opts.lr);
  let lr = opts.lr;
  return optimizerPlayer(name, opts.vars, optimizer, {
    set: (v) => {
      checkRate(v, name);
      lr = v;
      optimizer.setLearningRate(v);
    },
    get: () => lr,
  });
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

/**
 * One step of the player on a single scalar loss, logged (and named, if it goes non-finite) as
 * `term`; returns the loss before the step.
 */
export function stepOnTerm(player: Pick<OptimizerPlayer, "step">, term: string, loss: () => tf.Scalar, step: number): number {
  return player.step(() => {
    const value = loss();
    return { total: value, terms: { [term]: value } };
  }, step).total as number;
}

function checkRate(lr: number, name: string): void {
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`player "${name}": lr must be finite and > 0, got ${lr}`);
}

/**
 * minimize(loss, false, vars), all terms read back with one dataSync, the first non-finite one named.
 * The same contract as adamPlayer's step (player.ts keeps its own copy until its owner moves it here).
 */
function optimizerStep(optimizer: tf.Optimizer, vars: tf.Variable[], loss: LossFn, stepIndex: number, name: string): Logs {
  let packed: tf.Tensor1D | undefined;
  let names: string[] = [];
  optimizer.minimize(() => {
    const r = loss();
    const terms = r.terms ?? {};
    names = Object.keys(terms);
    packed = tf.keep(tf.stack([r.total, ...names.map((k) => terms[k] as tf.Scalar)]) as tf.Tensor1D);
    return r.total;
  }, false, vars);
  if (packed === undefined) throw new Error(`player "${name}": the loss function did not run`);
  const values = packed.dataSync();
  packed.dispose();
  const logs: Logs = { total: values[0] as number };
  names.forEach((k, j) => {
    logs[k] = values[j + 1] as number;
  });
  for (const k of [...names, "total"]) {
    const v = logs[k] as number;
    if (!Number.isFinite(v)) throw new NonFiniteLossError(stepIndex, k, v, name);
  }
  return logs;
}
