/**
 * The one place that loads onnxruntime-node and opens sessions. Threads are fixed per session
 * (intra-op pool of `threads`, sequential execution): a run is bit-identical for a given graph,
 * input and thread count on one machine (MLAS picks kernels per CPU: not across machines).
 */
import * as ort from "onnxruntime-node";
import { positiveInt } from "../../config";

export type { Tensor } from "onnxruntime-node";

export interface SessionOptions {
  /** intra-op threads, default 1 */
  readonly threads?: number;
}

export function openSession(model: Uint8Array, o: SessionOptions = {}): Promise<ort.InferenceSession> {
  const threads = positiveInt("onnx session", "threads", o.threads ?? 1);
  return ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
}

export function floatTensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor("float32", data, dims);
}

export function outputData(out: ort.InferenceSession.OnnxValueMapType, name: string): Float32Array {
  const t = out[name];
  if (t === undefined || !(t.data instanceof Float32Array)) throw new Error(`onnx: the step graph has no float32 output ${name}`);
  return t.data;
}

export const onnxRuntimeVersion = (): string => ort.env.versions.node ?? "unknown";
