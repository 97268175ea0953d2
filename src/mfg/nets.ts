import * as tf from "@tensorflow/tfjs";
import { dgm, mlp } from "../nets";
import type { Net } from "../nets/types";
import { deriveSeed } from "../random";
import type { SolveOptions } from "./options";

/** Zeroes a net's read-out (its last two variables, W then b, for mlp() and dgm()): the net is then ≡ 0. */
export function zeroReadout(net: Net): void {
  for (const v of net.vars.slice(-2)) {
    const z = tf.zerosLike(v);
    v.assign(z);
    z.dispose();
  }
}

export interface SolverNets {
  readonly value: Net;
  readonly density: Net;
  /** frees the nets the solver built (never the caller's) */
  dispose(): void;
}

/**
 * The players' nets: the caller's, or default ones (periodic features on the torus, a time input in
 * finite horizon), initialised from the named streams "init:value" and "init:density".
 */
export function solverNets(o: SolveOptions, d: number, periodic: boolean, time: boolean): SolverNets {
  const inDim = d + (time ? 1 : 0);
  const make = (stream: string): Net => {
    const seed = deriveSeed(o.seed, stream);
    const common = { inDim, periodic, timeInput: time, seed };
    return o.net === "dgm" ? dgm({ ...common, width: o.width, layers: o.layers }) : mlp({ ...common, hidden: o.hidden });
  };
  const own: Net[] = [];
  const pick = (given: Net | undefined, stream: string, role: string): Net => {
    if (given !== undefined) {
      if (given.inDim !== inDim) throw new Error(`mfg.solve: the ${role} net has inDim ${given.inDim}, the problem needs ${inDim}${time ? " (time first)" : ""}`);
      return given;
    }
    const net = make(stream);
    if (o.readout === "zero") zeroReadout(net);
    own.push(net);
    return net;
  };
  const value = pick(o.value, "init:value", "value");
  const density = pick(o.density, "init:density", "density");
  return { value, density, dispose: () => own.forEach((n) => n.dispose()) };
}
