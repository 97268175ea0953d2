import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export type BackendName = "wasm" | "cpu";

const KNOWN: readonly BackendName[] = ["wasm", "cpu"];

/** The backend asked for by env LAB_BACKEND (default wasm). */
export function requestedBackend(env: NodeJS.ProcessEnv = process.env): BackendName {
  const raw = (env.LAB_BACKEND ?? "wasm").trim().toLowerCase();
  if (!(KNOWN as readonly string[]).includes(raw)) {
    throw new Error(`LAB_BACKEND=${raw}: unknown backend, expected one of ${KNOWN.join(", ")}`);
  }
  return raw as BackendName;
}

/**
 * The one place that chooses the TensorFlow.js backend: wasm (SIMD) by default, cpu as fallback
 * when wasm cannot initialise. Returns the backend in use. Idempotent.
 */
export async function initBackend(name: BackendName = requestedBackend()): Promise<BackendName> {
  if (tf.getBackend() === name) return name;
  const ok = await tf.setBackend(name);
  if (!ok && name === "wasm") {
    await tf.setBackend("cpu");
  }
  await tf.ready();
  return tf.getBackend() as BackendName;
}
