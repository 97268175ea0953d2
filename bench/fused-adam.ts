/**
 * Candidate (c) of issue 16, measured in bench/solver.bench.ts only (src/ is untouched): Adam with
 * all of a net's moments in one flat buffer instead of tfjs's ~10 kernels per variable.
 *  - "flat": tfjs ops on one flat vector: concat the gradients, the moment and step arithmetic as
 *    ~12 elementwise kernels on [N], then split the step back onto the variables (portable: any backend).
 *  - "jsloop": one JS loop over the wasm heap (the "one kernel" limit): reads each gradient and weight
 *    where the wasm backend keeps them, m and v are one Float32Array each, and the new weights are
 *    uploaded as fresh tensors (no kernel) that the variables then hold. Writing the weights in place
 *    is NOT possible: the wasm backend's matMul caches XNNPACK operators with the weights packed,
 *    keyed by the weight tensor, so an in-place update is silently ignored by the next forward pass
 *    (measured: exact after step 1, weights 1e-3 off tfjs Adam after step 2).
 * Both follow tfjs's formula, w += −lr · (m/(1−β1^t)) / (sqrt(v/(1−β2^t)) + ε), ε = backend epsilon,
 * and skip a variable without a gradient, as tf.train.adam does.
 */
import * as tf from "@tensorflow/tfjs";

export type FusedKind = "flat" | "jsloop";

export interface FusedAdam {
  /** one Adam step from tf.variableGrads' map (name -> gradient); disposes nothing it was given */
  apply(grads: Record<string, tf.Tensor>): void;
  dispose(): void;
}

const B1 = 0.9;
const B2 = 0.999;

export function fusedAdam(kind: FusedKind, vars: readonly tf.Variable[], lr: number): FusedAdam {
  return kind === "flat" ? flatAdam(vars, lr) : jsLoopAdam(vars, lr);
}

function flatAdam(vars: readonly tf.Variable[], lr: number): FusedAdam {
  const sizes = vars.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const m = tf.variable(tf.zeros([total]), false);
  const v = tf.variable(tf.zeros([total]), false);
  const eps = tf.backend().epsilon();
  let t = 0;
  return {
    apply(grads) {
      t++;
      tf.tidy(() => {
        const g = tf.concat(vars.map((w) => (grads[w.name] ?? tf.zeros([w.size])).reshape([-1])));
        const m1 = tf.add(tf.mul(m, B1), tf.mul(g, 1 - B1));
        const v1 = tf.add(tf.mul(v, B2), tf.mul(tf.square(g), 1 - B2));
        m.assign(m1);
        v.assign(v1);
        const step = tf.mul(tf.div(m1, tf.add(tf.sqrt(tf.mul(v1, 1 / (1 - B2 ** t))), eps)), -lr / (1 - B1 ** t));
        tf.split(step, sizes).forEach((s, i) => {
          const w = vars[i] as tf.Variable;
          if (grads[w.name] !== undefined) w.assign(tf.add(w, s.reshape(w.shape)));
        });
      });
    },
    dispose() {
      m.dispose();
      v.dispose();
    },
  };
}

interface WasmBackendInternals {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
}

function wasmHeap(): WasmBackendInternals {
  if (tf.getBackend() !== "wasm") throw new Error("fusedAdam jsloop: needs the wasm backend");
  return tf.backend() as unknown as WasmBackendInternals;
}

function jsLoopAdam(vars: readonly tf.Variable[], lr: number): FusedAdam {
  const be = wasmHeap();
  const sizes = vars.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const m = new Float32Array(total);
  const v = new Float32Array(total);
  const eps = tf.backend().epsilon();
  let t = 0;
  const view = (x: tf.Tensor): Float32Array => {
    const d = be.dataIdMap.get(x.dataId);
    if (d === undefined) throw new Error("fusedAdam jsloop: tensor not on the wasm backend");
    return new Float32Array(be.wasm.HEAPU8.buffer, d.memoryOffset, x.size);
  };
  return {
    apply(grads) {
      t++;
      const c1 = -lr / (1 - B1 ** t);
      const c2 = 1 / (1 - B2 ** t);
      let off = 0;
      vars.forEach((w, i) => {
        const n = sizes[i] as number;
        const gt = grads[w.name];
        if (gt !== undefined) {
          const g = view(gt);
          const p = view(w);
          const out = new Float32Array(n);
          for (let j = 0; j < n; j++) {
            const gj = g[j] as number;
            const mj = (m[off + j] = B1 * (m[off + j] as number) + (1 - B1) * gj);
            const vj = (v[off + j] = B2 * (v[off + j] as number) + (1 - B2) * gj * gj);
            out[j] = (p[j] as number) + (c1 * mj) / (Math.sqrt(vj * c2) + eps);
          }
          const fresh = tf.tensor(out, w.shape);
          w.assign(fresh);
          fresh.dispose();
        }
        off += n;
      });
    },
    dispose() {},
  };
}
