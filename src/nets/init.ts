import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random";
import { checkActivation } from "./activations";
import type { InputMap } from "../jet/input";
import type { Activation, NetOptions } from "./types";

/** Glorot/Xavier normal, std = sqrt(2 / (fanIn + fanOut)), drawn from the seeded generator. */
export function glorot(r: Rng, fanIn: number, fanOut: number, name: string): tf.Variable<tf.Rank.R2> {
  const std = Math.sqrt(2 / (fanIn + fanOut));
  const values = Float32Array.from(r.normalArray(fanIn * fanOut, 0, std));
  return variableFrom(tf.tensor2d(values, [fanIn, fanOut]), name);
}

/** tf.variable copies its initial value: the initial tensor is disposed so dispose() frees everything. */
function variableFrom<R extends tf.Rank>(initial: tf.Tensor<R>, name: string): tf.Variable<R> {
  const v = tf.variable(initial, true, name);
  initial.dispose();
  return v;
}

/** Several Glorot blocks (each with its own fan) side by side, e.g. the Z, G, R gates in one matrix. */
export function glorotBlocks(r: Rng, fanIn: number, fanOut: number, count: number, name: string): tf.Variable<tf.Rank.R2> {
  const std = Math.sqrt(2 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut * count);
  for (let b = 0; b < count; b++) {
    const block = r.normalArray(fanIn * fanOut, 0, std);
    for (let i = 0; i < fanIn; i++) {
      for (let j = 0; j < fanOut; j++) out[i * fanOut * count + b * fanOut + j] = block[i * fanOut + j] as number;
    }
  }
  return variableFrom(tf.tensor2d(out, [fanIn, fanOut * count]), name);
}

let nextNet = 0;
/** tfjs variable names are global: each net gets its own prefix, e.g. "mlp3_". */
export function namePrefix(kind: string): string {
  nextNet += 1;
  return `${kind}${nextNet}_`;
}

export function zeroBias(size: number, name: string): tf.Variable<tf.Rank.R1> {
  return variableFrom(tf.zeros([size]), name);
}

/** Checked common options with defaults: tanh, no time, not periodic, identity input map, seed 0. */
export interface CommonOptions {
  readonly inDim: number;
  readonly d: number;
  readonly time: boolean;
  readonly periodic: boolean;
  readonly map: InputMap;
  readonly activation: Activation;
  readonly seed: number;
}

export function positiveInt(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new Error(`${name} must be a positive integer, got ${String(v)}`);
  }
  return v;
}

export function commonOptions(o: NetOptions, net: string): CommonOptions {
  const inDim = positiveInt(o.inDim, `${net}: inDim`);
  const time = o.timeInput ?? false;
  const d = inDim - (time ? 1 : 0);
  if (d < 1) throw new Error(`${net}: inDim=${inDim} leaves no space coordinate (timeInput uses column 0)`);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`${net}: seed must be an integer, got ${seed}`);
  const activation = o.activation === undefined ? "tanh" : checkActivation(o.activation);
  const periodic = o.periodic ?? false;
  const scale = perColumn(o.inputScale, inDim, `${net}: inputScale`, true);
  const shift = perColumn(o.inputShift, inDim, `${net}: inputShift`, false);
  const map: InputMap = { time, periodic, ...(scale === undefined ? {} : { scale }), ...(shift === undefined ? {} : { shift }) };
  return { inDim, d, time, periodic, map, activation, seed };
}

function perColumn(v: readonly number[] | undefined, inDim: number, name: string, nonZero: boolean): readonly number[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== inDim) throw new Error(`${name} must be an array of inDim = ${inDim} numbers, got ${String(v)}`);
  v.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x) || (nonZero && x === 0)) {
      throw new Error(`${name}[${i}] must be a finite${nonZero ? " nonzero" : ""} number, got ${String(x)}`);
    }
  });
  return [...v];
}

/** Input shape check shared by apply and jet. */
export function checkInput(x: tf.Tensor2D, inDim: number, net: string): void {
  if (x.rank !== 2 || x.shape[1] !== inDim) {
    throw new Error(`${net}: input x must have shape [n, ${inDim}], got [${x.shape.join(", ")}]`);
  }
}
