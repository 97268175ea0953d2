import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/*
 * A 2-D transpose for the reverse pass of the jet's matMuls. The stock wasm Transpose kernel writes
 * with a stride of a whole row and measured ~1.1 ms for a [6144, 32] float32 matrix (4x slower than
 * this cache-blocked copy, and the weight gradient Aᵀ·dZ needs one per layer and per step). It is
 * registered as its own kernel for the wasm and cpu backends (public tf.registerKernel API, nothing
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
