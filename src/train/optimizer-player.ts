import * as tf from "@tensorflow/tfjs";
import { optimizerStep, type Player } from "./player";

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
