import * as tf from "@tensorflow/tfjs";
import { packLoss, readLoss, type Logs, type LossFn, type PackedLoss, type Player } from "./player";

/**
 * One step of several players on ONE shared loss (a joint scheme): the weight gradients are taken
 * once over the union of their variables, then each player's own Adam applies its part at its own
 * learning rate. Returns {total, ...terms} like Player.step; a non-finite term throws before any
 * update is applied.
 */
export function jointStep(players: readonly Player[], loss: LossFn, stepIndex: number): Logs {
  if (players.length === 0) throw new Error("jointStep: no players");
  const vars = players.flatMap((p) => p.vars as tf.Variable[]);
  let pack: PackedLoss | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const r = loss();
    pack = packLoss(r);
    return r.total;
  }, vars);
  try {
    if (pack === undefined) throw new Error("jointStep: the loss function did not run");
    const logs = readLoss(pack, stepIndex, players.map((p) => p.name).join("+"));
    for (const p of players) {
      const own: tf.NamedTensorMap = Object.fromEntries(p.vars.map((v) => [v.name, grads[v.name] as tf.Tensor]));
      p.optimizer.applyGradients(own as Parameters<typeof p.optimizer.applyGradients>[0]);
    }
    return logs;
  } finally {
    tf.dispose([value, ...(pack === undefined ? [] : [pack.packed]), ...Object.values(grads)]);
  }
}
