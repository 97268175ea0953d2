// The mfg-lab kernelspec for this checkout: our kernel (kernel/server, tslab inside) via launch-kernel.js.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** Shape of a Jupyter kernelspec (kernel.json); the `{connection_file}` placeholder stays in argv. */
export interface KernelSpecJson {
  readonly argv: readonly string[];
  readonly display_name: string;
  readonly language: string;
  readonly interrupt_mode: "signal" | "message";
  readonly env?: Readonly<Record<string, string>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export const KERNEL_NAME = "mfg-lab";
export const KERNEL_DISPLAY_NAME = "TypeScript (MFG lab)";
export const KERNEL_LANGUAGE = "typescript";

/** Root of this checkout (the folder holding package.json and node_modules). */
export function projectRoot(): string {
  return resolve(__dirname, "..", "..");
}

/** Absolute path of the launcher that starts tslab from `root`'s node_modules. */
export function launcherPath(root: string = projectRoot()): string {
  return join(root, "kernel", "kernelspec", "launch-kernel.js");
}

export interface KernelSpecOptions {
  /** Checkout to run from (default: this one). */
  readonly root?: string;
  /** Node binary (default: the one running now, so Jupyter does not depend on its PATH). */
  readonly node?: string;
}

/**
 * The kernelspec for this checkout WITHOUT installing anything: the executor spawns
 * `argv` (after replacing `{connection_file}`) to get the mfg-lab kernel, e.g. in CI.
 * Kernel cwd should be the notebook's folder so that `import ... from "../src"` resolves.
 */
export function projectKernelSpec(opts: KernelSpecOptions = {}): KernelSpecJson {
  const root = resolve(opts.root ?? projectRoot());
  const launcher = launcherPath(root);
  if (!existsSync(launcher)) throw new Error(`kernelspec: launcher ${launcher} not found (root=${root})`);
  return {
    argv: [opts.node ?? process.execPath, launcher, "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: KERNEL_LANGUAGE,
    // SIGINT breaks synchronous cells (vm breakOnSigint) and rejects awaited ones; interrupt_request
    // ("message") does the same through the kernel's control thread.
    interrupt_mode: "signal",
    metadata: { mfg_lab_root: root },
  };
}
