import * as tf from "@tensorflow/tfjs";
import { optimizerPlayer, type OptimizerPlayer } from "./player";

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
