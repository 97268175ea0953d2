// Installing the kernelspec where Jupyter looks for it, without Python (mirrors jupyter_core.paths).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { KERNEL_NAME, KernelSpecJson, KernelSpecOptions, projectKernelSpec } from "./spec";

export interface DataDirInputs {
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  readonly home?: string;
}

/** jupyter_core's jupyter_data_dir(): $JUPYTER_DATA_DIR, else the per-user default of the OS. */
export function jupyterDataDir(inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const home = inputs.home ?? homedir();
  const explicit = env["JUPYTER_DATA_DIR"];
  if (explicit !== undefined && explicit !== "") return resolve(explicit);
  if (platform === "darwin") return join(home, "Library", "Jupyter");
  if (platform === "win32") {
    const appData = env["APPDATA"];
    return appData !== undefined && appData !== "" ? join(appData, "jupyter") : join(home, ".jupyter", "data");
  }
  const xdg = env["XDG_DATA_HOME"];
  return join(xdg !== undefined && xdg !== "" ? xdg : join(home, ".local", "share"), "jupyter");
}

export interface InstallOptions extends KernelSpecOptions, DataDirInputs {
  /** Like `jupyter kernelspec install --prefix`: DIR/share/jupyter/kernels. */
  readonly prefix?: string;
}

/** Folder the kernelspec goes to: <prefix>/share/jupyter/kernels/mfg-lab or <data dir>/kernels/mfg-lab. */
export function kernelSpecDir(opts: InstallOptions = {}): string {
  const kernels = opts.prefix !== undefined
    ? join(resolve(opts.prefix), "share", "jupyter", "kernels")
    : join(jupyterDataDir(opts), "kernels");
  return join(kernels, KERNEL_NAME);
}

/** Writes kernel.json (atomically: temp + rename) and returns its folder and content. */
export function installKernelSpec(opts: InstallOptions = {}): { dir: string; spec: KernelSpecJson } {
  const spec = projectKernelSpec(opts);
  const dir = kernelSpecDir(opts);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "kernel.json");
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(spec, null, 2)}\n`);
  renameSync(tmp, file);
  return { dir, spec };
}
