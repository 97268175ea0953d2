/**
 * Solver step times: MLP d->32->32->32->1 tanh (cases mlp-d10-lap, mlp-d1-lap) and DGM L=1 width 32
 * (dgm-d10-lap), batch 512, residual r = −½Δu + ½|∇u|² − Σ sin x_i, loss mean r², one Adam step
 * (lr 1e-3); median ms over 50 steps after 10 warm-up. Paths: the forward jet on wasm (cpu for
 * reference), the same jet differentiable w.r.t. x (jet-inputgrad, with its ratio to the default
 * constant-input path) and with the full Hessian (jet-hessian), the nested-autodiff reference path, and the PyTorch peers
 * (bench/peers/torch_step.py: nested autograd and forward-Laplacian jets, each at 1 and 2 threads)
 * side by side in the same run, with ratio lines ours / torch.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { initBackend, type BackendName } from "../src/backend";
import { dgm, mlp, nestedJet, nestedScope, type LabNet, type ScalarJet } from "../src/nets";
import { rng } from "../src/random";
import { sinSourceResidual } from "../src/engine/onnx";
import { fusedAdam } from "./fused-adam";
import { onnxLines } from "./onnx-step";
import type { BenchContext, BenchResult } from "./types";

const BATCH = 512;
const LR = 1e-3;

interface Case {
  readonly name: string;
  readonly d: number;
  /** the onnx step engine supports this net (plain tanh mlp or dgm) */
  readonly onnx: boolean;
  make(): LabNet;
}

const CASES: readonly Case[] = [
  { name: "mlp-d10-lap", d: 10, onnx: true, make: () => mlp({ inDim: 10, hidden: [32, 32, 32], seed: 1 }) },
  { name: "mlp-d1-lap", d: 1, onnx: true, make: () => mlp({ inDim: 1, hidden: [32, 32, 32], seed: 1 }) },
  { name: "dgm-d10-lap", d: 10, onnx: true, make: () => dgm({ inDim: 10, width: 32, layers: 1, seed: 1 }) },
];

const residualLoss = (j: ScalarJet, x: tf.Tensor2D): tf.Scalar => sinSourceResidual.tfjs(j, x);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

interface Timing {
  readonly ms: number;
  /** CPU time of this process per step (median): less sensitive than wall time to other load */
  readonly cpuMs: number;
  readonly leaked: number;
  readonly loss: number;
}

/** Median step time; wasm and cpu run synchronously, so a step is done when minimize returns. */
type Path = "jet" | "jet-inputgrad" | "jet-hessian" | "nested" | "jet-adam-flat" | "jet-adam-js";

interface Stepper {
  readonly net: LabNet;
  readonly x: tf.Tensor2D;
  step(): void;
  dispose(): void;
}

/** One training step of case c along path: jet (or nested) loss, reverse pass, Adam (tfjs's, or fused: bench/fused-adam.ts). */
function stepper(c: Case, path: Path): Stepper {
  const net = c.make();
  const x = tf.tensor2d(Array.from(rng(7).uniformArray(BATCH * c.d, -1, 1)), [BATCH, c.d]);
  const vars = net.vars as tf.Variable[];
  const opt = tf.train.adam(LR);
  const fused = path === "jet-adam-flat" ? fusedAdam("flat", vars, LR) : path === "jet-adam-js" ? fusedAdam("jsloop", vars, LR) : undefined;
  const jetOf = (z: tf.Tensor2D): ScalarJet => {
    if (path === "nested") return nestedJet(net, z);
    return net.jet(z, path === "jet-inputgrad" ? { inputGrad: true } : path === "jet-hessian" ? { hessian: true } : {});
  };
  const loss = (): tf.Scalar => residualLoss(jetOf(x), x);
  const step = (): void => {
    if (fused !== undefined) {
      const { value, grads } = tf.variableGrads(loss, vars);
      fused.apply(grads);
      value.dispose();
      tf.dispose(grads);
      return;
    }
    const run = (): void => void opt.minimize(loss, false, vars);
    if (path === "nested") nestedScope(run);
    else run();
  };
  return {
    net,
    x,
    step,
    dispose() {
      opt.dispose();
      fused?.dispose();
      x.dispose();
      net.dispose();
    },
  };
}

function timeSteps(c: Case, path: Path, warmup: number, steps: number): Timing {
  const s = stepper(c, path);
  const times: number[] = [];
  const cpu: number[] = [];
  let before = 0;
  for (let i = 0; i < warmup + steps; i++) {
    if (i === warmup) before = tf.memory().numTensors;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    s.step();
    const cu = process.cpuUsage(c0);
    if (i >= warmup) {
      times.push(performance.now() - t0);
      cpu.push((cu.user + cu.system) / 1000);
    }
  }
  const leaked = tf.memory().numTensors - before;
  const loss = tf.tidy(() => residualLoss(s.net.jet(s.x), s.x).dataSync()[0] as number);
  s.dispose();
  return { ms: median(times), cpuMs: median(cpu), leaked, loss };
}

/** Kernels one step runs (tf.profile), after two warm-up steps; the JS-loop Adam's loop is not a kernel. */
async function kernelsPerStep(c: Case, path: Path): Promise<number> {
  const s = stepper(c, path);
  s.step();
  s.step();
  const info = await tf.profile(() => s.step());
  s.dispose();
  return info.kernels.length;
}

/** Max |w_fused − w_tfjs-adam| over all weights after `steps` steps from the same start: the fused Adam is the same optimiser. */
function fusedAdamDiff(c: Case, path: Path, steps: number): number {
  const [a, b] = [stepper(c, "jet"), stepper(c, path)];
  for (let i = 0; i < steps; i++) {
    a.step();
    b.step();
  }
  let m = 0;
  a.net.vars.forEach((v, i) => {
    const [p, q] = [v.dataSync(), (b.net.vars[i] as tf.Variable).dataSync()];
    for (let j = 0; j < p.length; j++) m = Math.max(m, Math.abs((p[j] as number) - (q[j] as number)));
  });
  a.dispose();
  b.dispose();
  return m;
}

function torchPython(ctx: BenchContext): string | undefined {
  if (ctx.args.includes("--no-torch")) return undefined;
  try {
    return execFileSync(join(__dirname, "peers", "setup-torch.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (e) {
    ctx.note(`torch peer skipped: could not set up its venv (${(e as Error).message.split("\n")[0]})`);
    return undefined;
  }
}

/** The PyTorch peers (bench/peers/torch_step.py): Laplacian by nested autograd and by forward jets (torch_fwdlap.py). */
const TORCH_PATHS = ["nested", "fwdlap"] as const;
const TORCH_THREADS = [1, 2] as const;

function torchStep(py: string, c: Case, path: (typeof TORCH_PATHS)[number], warmup: number, steps: number, threads: number): BenchResult | undefined {
  const args = [join(__dirname, "peers", "torch_step.py"), "--cases", c.name, "--path", path, "--warmup", `${warmup}`, "--steps", `${steps}`, "--threads", `${threads}`];
  const p = spawnSync(py, args, { encoding: "utf8" });
  const line = p.stdout.split("\n").find((l) => l.startsWith("{"));
  if (line === undefined) process.stderr.write(`torch_step.py ${path} ${c.name}: ${p.stderr.trim().split("\n").slice(-1)[0] ?? ""}\n`);
  return line === undefined ? undefined : (JSON.parse(line) as BenchResult);
}

export async function run(ctx: BenchContext): Promise<void> {
  const [warmup, steps] = ctx.quick ? [3, 10] : [10, 50];
  const [nWarm, nSteps] = ctx.quick ? [1, 3] : [3, 10];
  const cases = CASES.filter((c) => ctx.wants(c.name));
  const py = torchPython(ctx);
  const common = { batch: BATCH, warmup, steps };
  ctx.note(`load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")} on ${(await import("node:os")).cpus().length} cores`);
  for (const c of cases) {
    await initBackend("wasm");
    const ours = timeSteps(c, "jet", warmup, steps);
    ctx.emit({ case: c.name, backend: "wasm", path: "jet", threads: 1, ms_per_step: round(ours.ms), cpu_ms_per_step: round(ours.cpuMs), leaked_tensors: ours.leaked, final_loss: ours.loss, ...common });
    if (!ctx.args.includes("--no-variants")) {
      for (const path of ["jet-inputgrad", "jet-hessian"] as const) {
        // the Hessian step is 3-5x slower at d = 10: the short budget of the other reference paths
        const [w, n] = path === "jet-hessian" ? [nWarm, nSteps] : [warmup, steps];
        const t = timeSteps(c, path, w, n);
        ctx.emit({ case: c.name, backend: "wasm", path, ms_per_step: round(t.ms), cpu_ms_per_step: round(t.cpuMs), leaked_tensors: t.leaked, batch: BATCH, warmup: w, steps: n });
        ctx.emit({ kind: "ratio", case: c.name, backend: `wasm ${path}/jet`, ratio: round(t.ms / ours.ms), cpu_ratio: round(t.cpuMs / ours.cpuMs) });
      }
    }
    if (!ctx.args.includes("--no-fused-adam")) {
      for (const path of ["jet-adam-flat", "jet-adam-js"] as const) {
        const t = timeSteps(c, path, warmup, steps);
        const kernels = await kernelsPerStep(c, path);
        const kernelsAdam = await kernelsPerStep(c, "jet");
        const diff = fusedAdamDiff(c, path, 5);
        ctx.emit({ case: c.name, backend: "wasm", path, threads: 1, ms_per_step: round(t.ms), cpu_ms_per_step: round(t.cpuMs), leaked_tensors: t.leaked, ...common, kernels_per_step: kernels, kernels_per_step_tfjs_adam: kernelsAdam, max_weight_diff_vs_tfjs_adam_5_steps: diff });
        ctx.emit({ kind: "ratio", case: c.name, backend: `wasm ${path}/jet`, ratio: round(t.ms / ours.ms), cpu_ratio: round(t.cpuMs / ours.cpuMs) });
      }
    }
    const peers = new Map<string, BenchResult>();
    for (const path of py === undefined ? [] : TORCH_PATHS) {
      for (const threads of TORCH_THREADS) {
        const t = torchStep(py as string, c, path, warmup, steps, threads);
        if (t === undefined || t.ms_per_step === undefined) {
          ctx.note(`torch ${path} peer failed on ${c.name} at ${threads} threads`);
          continue;
        }
        ctx.emit(t);
        peers.set(`torch-${path}-${threads}t`, t);
        const cpuRatio = typeof t.cpu_ms_per_step === "number" ? round(ours.cpuMs / t.cpu_ms_per_step) : undefined;
        ctx.emit({ kind: "ratio", case: c.name, backend: `wasm/torch-${path}-${threads}t`, ratio: round(ours.ms / t.ms_per_step), cpu_ratio: cpuRatio, ours_ms: round(ours.ms), torch_ms: t.ms_per_step });
      }
    }
    if (!ctx.args.includes("--no-onnx") && c.onnx) await onnxLines(ctx, c, ours, peers, warmup, steps);
  }
  if (py === undefined && !ctx.args.includes("--no-torch")) ctx.note("torch peer not available: ratios skipped");
  if (!ctx.args.includes("--no-cpu")) {
    await initBackend("cpu" as BackendName);
    for (const c of cases) {
      const t = timeSteps(c, "jet", nWarm, nSteps);
      ctx.emit({ case: c.name, backend: "cpu", path: "jet", ms_per_step: round(t.ms), cpu_ms_per_step: round(t.cpuMs), leaked_tensors: t.leaked, batch: BATCH, warmup: nWarm, steps: nSteps });
    }
  }
  if (!ctx.args.includes("--no-nested")) {
    await initBackend("wasm");
    for (const c of cases) {
      const t = timeSteps(c, "nested", nWarm, nSteps);
      ctx.emit({ case: c.name, backend: "wasm", path: "nested", ms_per_step: round(t.ms), cpu_ms_per_step: round(t.cpuMs), leaked_tensors: t.leaked, batch: BATCH, warmup: nWarm, steps: nSteps });
    }
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
