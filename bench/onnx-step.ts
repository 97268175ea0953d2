/**
 * The onnxruntime step engine (src/engine/onnx, issue 16) in the solver bench: the whole MLP or DGM
 * step (jet forward, hand-written reverse, fused Adam) as one graph, `"backend": "onnx"`, `"path":
 * "graph-step"`, at 1 and 2 intra-op threads and batch 512, 2048, 4096. Used only by
 * solver.bench.ts; the tfjs path there stays the reference. Each line carries the max |Δu|
 * difference to the tfjs jet on the same weights and x (a check, not a timing), whether a rerun
 * of the timed steps from the same start ended bit-identical, and `last_step_loss` (the loss at
 * the weights the last step started from; the tfjs lines' `final_loss` is one step later).
 */
import * as tf from "@tensorflow/tfjs";
import { onnxStep, onnxRuntimeVersion, sinSourceResidual } from "../src/engine/onnx";
import type { LabNet } from "../src/nets";
import { rng } from "../src/random";
import type { BenchContext, BenchResult } from "./types";

export const ONNX_THREADS = [1, 2] as const;
export const ONNX_BATCHES = [512, 2048, 4096] as const;

export interface OnnxTiming {
  readonly ms: number;
  readonly cpuMs: number;
  readonly nodes: number;
  readonly finalLoss: number;
  readonly maxDiffLapVsTfjs: number;
  readonly bitIdenticalRerun: boolean;
  readonly ort: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function tfjsLap(net: LabNet, xs: Float32Array, batch: number): Float32Array {
  return tf.tidy(() => net.jet(tf.tensor2d(xs, [batch, net.d])).lap.dataSync() as Float32Array);
}

/** Median wall and CPU ms of `steps` steps after `warmup`, on a fresh net from make(); x as the tfjs cases' (rng(7), [−1,1]). */
export async function timeOnnxStep(make: () => LabNet, batch: number, threads: number, lr: number, warmup: number, steps: number): Promise<OnnxTiming> {
  const net = make();
  const xs = Float32Array.from(rng(7).uniformArray(batch * net.d, -1, 1));
  const run = async (timed: boolean): Promise<{ weights: Float32Array[]; first: Float32Array; loss: number; times: number[]; cpu: number[]; nodes: number }> => {
    const s = await onnxStep(net, { batch, threads, loss: sinSourceResidual, adam: { lr } });
    const [times, cpu] = [[] as number[], [] as number[]];
    let first: Float32Array = new Float32Array(0);
    let loss = NaN;
    for (let i = 0; i < warmup + steps; i++) {
      const [t0, c0] = [performance.now(), process.cpuUsage()];
      const out = await s.step(xs);
      const cu = process.cpuUsage(c0);
      if (timed && i >= warmup) {
        times.push(performance.now() - t0);
        cpu.push((cu.user + cu.system) / 1000);
      }
      if (i === 0) first = out.lap;
      loss = out.loss;
    }
    const weights = s.weightArrays();
    const nodes = s.graph.nodes;
    await s.release();
    return { weights, first, loss, times, cpu, nodes };
  };
  const a = await run(true);
  const b = await run(false);
  const same = a.weights.every((w, i) => Buffer.from(w.buffer, w.byteOffset, w.byteLength).equals(Buffer.from((b.weights[i] as Float32Array).buffer, (b.weights[i] as Float32Array).byteOffset, (b.weights[i] as Float32Array).byteLength)));
  const ref = tfjsLap(net, xs, batch);
  let diff = 0;
  ref.forEach((r, i) => (diff = Math.max(diff, Math.abs(r - (a.first[i] as number)))));
  net.dispose();
  return { ms: median(a.times), cpuMs: median(a.cpu), nodes: a.nodes, finalLoss: a.loss, maxDiffLapVsTfjs: diff, bitIdenticalRerun: same, ort: onnxRuntimeVersion() };
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

/**
 * The onnx lines of one case, then its ratio lines against what ran before in the same run: the
 * tfjs jet step (`ours`, 1 thread) and the torch peers at batch 512 (`peers`, keyed
 * "torch-<path>-<t>t"); the threads target (2-thread throughput / 1-thread) per batch; the batch
 * target (ms at 4096 / ms at 512) per thread count.
 */
export async function onnxLines(
  ctx: BenchContext,
  c: { readonly name: string; make(): LabNet },
  ours: { readonly ms: number; readonly cpuMs: number },
  peers: ReadonlyMap<string, BenchResult>,
  warmup: number,
  steps: number,
): Promise<void> {
  const ms = new Map<string, number>();
  for (const batch of ONNX_BATCHES) {
    for (const threads of ONNX_THREADS) {
      const t = await timeOnnxStep(c.make, batch, threads, 1e-3, warmup, steps);
      ms.set(`${batch}/${threads}`, t.ms);
      ctx.emit({
        case: c.name, backend: "onnx", path: "graph-step", threads, batch, ms_per_step: round(t.ms), cpu_ms_per_step: round(t.cpuMs),
        warmup, steps, last_step_loss: t.finalLoss, graph_nodes: t.nodes, max_diff_lap_vs_tfjs: t.maxDiffLapVsTfjs, bit_identical_rerun: t.bitIdenticalRerun, onnxruntime: t.ort,
      });
      if (batch !== 512) continue;
      ctx.emit({ kind: "ratio", case: c.name, backend: `onnx-${threads}t/wasm`, ratio: round(t.ms / ours.ms), cpu_ratio: round(t.cpuMs / ours.cpuMs) });
      for (const path of ["fwdlap", "nested"]) {
        const p = peers.get(`torch-${path}-${threads}t`);
        if (typeof p?.ms_per_step !== "number") continue;
        const cpu = typeof p.cpu_ms_per_step === "number" ? round(t.cpuMs / p.cpu_ms_per_step) : undefined;
        ctx.emit({ kind: "ratio", case: c.name, backend: `onnx-${threads}t/torch-${path}-${threads}t`, ratio: round(t.ms / p.ms_per_step), cpu_ratio: cpu, onnx_ms: round(t.ms), torch_ms: p.ms_per_step });
      }
    }
    const [one, two] = [ms.get(`${batch}/1`), ms.get(`${batch}/2`)];
    if (one !== undefined && two !== undefined) ctx.emit({ kind: "ratio", case: c.name, backend: "onnx throughput 2t/1t", batch, ratio: round(one / two), target: ">= 1.7" });
  }
  for (const threads of ONNX_THREADS) {
    const [small, big] = [ms.get(`512/${threads}`), ms.get(`4096/${threads}`)];
    if (small !== undefined && big !== undefined) ctx.emit({ kind: "ratio", case: c.name, backend: `onnx-${threads}t ms b4096/b512`, ratio: round(big / small), target: "<= 8.5" });
  }
}
