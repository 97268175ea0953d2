// Spawning a kernel from its kernelspec argv, and making sure it never outlives the executor.
import { ChildProcess, spawn } from "node:child_process";

export interface KernelSpec {
  readonly argv: readonly string[];
  readonly display_name?: string;
  readonly language?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** "signal" (default): interrupt with SIGINT; "message": interrupt_request on the control channel. */
  readonly interrupt_mode?: "signal" | "message";
}

/** Stock tslab from this project's node_modules: the fallback until kernel/kernelspec is available. */
export function stockTslabSpec(): KernelSpec {
  return {
    argv: [process.execPath, require.resolve("tslab/bin/tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (stock tslab)",
    language: "typescript",
  };
}

export interface ExitInfo { readonly code: number | null; readonly signal: NodeJS.Signals | null }

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort for crashes and process.exit(): SIGKILL every kernel still running (synchronous). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) killGroup(child, "SIGKILL");
  });
}

/** Kernels are spawned as group leaders so that a kill also reaches anything they spawned. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

export function liveKernelCount(): number {
  return live.size;
}

export interface SpawnedKernel {
  readonly child: ChildProcess;
  readonly exited: Promise<ExitInfo>;
  /** The last ~8 KB the kernel wrote to its own stdout/stderr (startup failures, crashes). */
  readonly outputTail: () => string;
}

export function spawnKernel(spec: KernelSpec, connectionFile: string, cwd: string, extraEnv: Record<string, string> = {}): SpawnedKernel {
  if (spec.argv.length === 0) throw new Error("kernelspec argv is empty");
  const argv = spec.argv.map((a) => a.split("{connection_file}").join(connectionFile));
  const child = spawn(argv[0] as string, argv.slice(1), {
    cwd,
    env: { ...process.env, ...spec.env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group: a terminal Ctrl-C reaches only the executor, which then shuts it down
  });
  installExitHook();
  live.add(child);
  let tail = "";
  const keep = (chunk: Buffer): void => { tail = (tail + chunk.toString("utf8")).slice(-8192); };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on("error", (err) => { keep(Buffer.from(`spawn error: ${err.message}\n`)); live.delete(child); resolve({ code: null, signal: null }); });
    child.on("exit", (code, signal) => { live.delete(child); resolve({ code, signal }); });
  });
  return { child, exited, outputTail: () => tail };
}
