import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/*
 * Every use of tfjs internals in the solver is in this file: the engine's runKernelFunc (one tape
 * node with several outputs), the engine's gradient tape (is a tensor the output of a taped op?),
 * kernel registration with wasm/cpu backend internals (a fast transpose), and the casts that give
 * tf.customGrad usable argument types. They were written against @tensorflow/tfjs 4.22.0; the
 * guard below refuses any other minor version instead of letting a changed internal compute wrong
 * gradients silently. To upgrade tfjs: re-read the engine's runKernelFunc/addTapeNode and the
 * backends' makeOutput/typedArrayFromHeap/data.get, re-run test/solver/nets-*.test.ts and
 * test/solver/jet-*.test.ts, then widen SUPPORTED.
 */

const SUPPORTED = /^4\.22\./;

/** Throws unless every tfjs package this file touches is 4.22.x. Exported for its test. */
export function checkTfjsVersion(versions: Readonly<Record<string, string | undefined>>): void {
  for (const pkg of ["tfjs", "tfjs-core", "tfjs-backend-cpu"]) {
    const v = versions[pkg];
    if (v !== undefined && !SUPPORTED.test(v)) {
      throw new Error(
        `@tensorflow/${pkg} ${v} is not supported: src/jet/tfjs-internals.ts uses engine and backend internals ` +
          `of tfjs 4.22.x (runKernelFunc, the gradient tape, wasm heap views). Pin @tensorflow/tfjs@4.22.0 or port that file.`,
      );
    }
  }
}
checkTfjsVersion(tf.version as unknown as Record<string, string>);

// ---------------------------------------------------------------- tape nodes with several outputs

type Grads = Record<string, () => tf.Tensor>;
interface EngineInternals {
  runKernelFunc(p: {
    forwardFunc: (backend: unknown, save: tf.GradSaveFunc) => tf.Tensor[];
    backwardsFunc: (dys: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => Grads;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor | tf.Tensor[];
  state: { activeTape: { outputs: (tf.Tensor | null)[] }[] | null; gradientDepth: number };
}
const engine = (): EngineInternals => tf.engine() as unknown as EngineInternals;

/**
 * One tape node with several inputs and outputs; backward returns one gradient per input (first
 * order: gradient functions are never differentiated again). tf.customGrad allows one output only;
 * runKernelFunc is what customGrad itself calls.
 */
export function multiOp(
  inputs: readonly tf.Tensor[],
  forward: (save: tf.GradSaveFunc) => tf.Tensor[],
  backward: (dys: tf.Tensor[], saved: tf.Tensor[]) => tf.Tensor[],
): tf.Tensor[] {
  const inputMap: Record<string, tf.Tensor> = {};
  inputs.forEach((t, i) => (inputMap[i] = t));
  const out = engine().runKernelFunc({
    forwardFunc: (_b, save) => forward(save),
    backwardsFunc: (dys, saved) => {
      const g = backward(Array.isArray(dys) ? dys : [dys], saved);
      const map: Grads = {};
      g.forEach((t, i) => (map[i] = () => t));
      return map;
    },
    inputs: inputMap,
  });
  return Array.isArray(out) ? out : [out];
}

/**
 * Whether x carries a gradient: a trainable variable, or the output of an op recorded on the
 * active gradient tape (e.g. x_{k+1} = x_k − h∇Φ(x_k) inside optimizer.minimize). It cannot see a
 * plain tensor that an enclosing tf.grad(f)(x) watches as its source.
 */
export function carriesGradient(x: tf.Tensor): boolean {
  if (x instanceof tf.Variable) return x.trainable;
  const { activeTape, gradientDepth } = engine().state;
  if (gradientDepth === 0 || activeTape === null) return false;
  return activeTape.some((node) => node.outputs.some((o) => o !== null && o.id === x.id));
}

// ---------------------------------------------------------------- customGrad with usable types

type Grad = tf.Tensor | tf.Tensor[];
type CustomArg = Parameters<typeof tf.customGrad>[0];

/** tf.customGrad with the argument types spelled out (the library's typing takes Tensor | save). */
export function customGrad1(
  f: (x: tf.Tensor, save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Grad },
): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad(f as unknown as CustomArg) as (x: tf.Tensor) => tf.Tensor;
}

export function customGrad2(
  f: (a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Grad },
): (a: tf.Tensor, b: tf.Tensor) => tf.Tensor {
  return tf.customGrad(f as unknown as CustomArg) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
}

// ---------------------------------------------------------------- a fast 2-D transpose kernel

/*
 * The stock wasm Transpose kernel writes with a stride of a whole row and measured ~1.1 ms for a
 * [6144, 32] float32 matrix (4x slower than this cache-blocked copy, and the weight gradient
 * Aᵀ·dZ needs one per layer and per step). Registered as its own kernel for wasm and cpu (nothing
 * of tfjs is replaced); other backends and non-float32 inputs use tf.transpose. No gradient: it is
 * only called inside gradient functions, which are never differentiated again.
 */
const KERNEL = "MfgLabTranspose2D";
const BLOCK = 64;

function transposeInto(src: ArrayLike<number>, dst: Float32Array, rows: number, cols: number): void {
  for (let i0 = 0; i0 < rows; i0 += BLOCK) {
    const i1 = Math.min(rows, i0 + BLOCK);
    for (let j = 0; j < cols; j++) {
      const o = j * rows;
      for (let i = i0; i < i1; i++) dst[o + i] = src[i * cols + j] as number;
    }
  }
}

interface CpuLike {
  data: { get(id: object): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
}

let registered = false;
function register(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      const [rows, cols] = x.shape as [number, number];
      const b = backend as unknown as BackendWasm;
      const out = b.makeOutput([cols, rows], "float32");
      // views taken after makeOutput, which may grow (and move) the wasm heap
      transposeInto(b.typedArrayFromHeap(x), b.typedArrayFromHeap(out) as Float32Array, rows, cols);
      return out;
    },
  });
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: "cpu",
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      const [rows, cols] = x.shape as [number, number];
      const b = backend as unknown as CpuLike;
      const out = new Float32Array(rows * cols);
      transposeInto(b.data.get(x.dataId)?.values as Float32Array, out, rows, cols);
      return b.makeTensorInfo([cols, rows], "float32", out);
    },
  });
}

/** xᵀ for a float32 matrix, fast on wasm and cpu. */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  register();
  const backend = tf.getBackend();
  if (x.dtype !== "float32" || (backend !== "wasm" && backend !== "cpu")) return tf.transpose(x);
  return tf.engine().runKernel(KERNEL, { x }, {}) as tf.Tensor2D;
}
