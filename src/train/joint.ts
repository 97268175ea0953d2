import * as tf from "@tensorflow/tfjs";
import { NonFiniteLossError, type Logs, type LossFn, type Player } from "./player";

/**
 * One step of several players on ONE shared loss (a joint scheme): the weight gradients are taken
 * once over the union of their variables, then each player's own Adam applies its part at its own
 * learning rate. Returns {total, ...terms} like Player.step; a non-finite term throws before any
 * update is applied.
 */
export function jointStep(players: readonly Player[], loss: LossFn, stepIndex: number): Logs {
  if (players.length === 0) throw new Error("jointStep: no players");
  const vars = players.flatMap((p) => p.vars as tf.Variable[]);
  let names: string[] = [];
  let packed: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const r = loss();
    const terms = r.terms ?? {};
    names = Object.keys(terms);
    packed = tf.keep(tf.stack([r.total, ...names.map((k) => terms[k] as tf.Scalar)]) as tf.Tensor1D);
    return r.total;
  }, vars);
  try {
    if (packed === undefined) throw new Error("jointStep: the loss function did not run");
    const values = packed.dataSync();
    const logs: Logs = { total: values[0] as number };
    names.forEach((k, j) => {
      logs[k] = values[j + 1] as number;
    });
    for (const k of [...names, "total"]) {
      if (!Number.isFinite(logs[k] as number)) throw new NonFiniteLossError(stepIndex, k, logs[k] as number, players.map((p) => p.name).join("+"));
    }
    for (const p of players) {
      const own: tf.NamedTensorMap = Object.fromEntries(p.vars.map((v) => [v.name, grads[v.name] as tf.Tensor]));
      p.optimizer.applyGradients(own as Parameters<typeof p.optimizer.applyGradients>[0]);
    }
    return logs;
  } finally {
    tf.dispose([value, packed as tf.Tensor, ...Object.values(grads)]);
  }
}
