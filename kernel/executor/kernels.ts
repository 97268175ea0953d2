// Which kernel runs a notebook: `--kernel NAME`, else the notebook's kernelspec name, else mfg-lab.
// "mfg-lab" is always THIS checkout's kernel (kernel/kernelspec), never an installed copy that may
// point to another checkout; other names are looked up in the Jupyter data directories.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { projectKernelSpec } from "../kernelspec";
import { KernelSpec, stockTslabSpec } from "../protocol/kernel-process";

export const DEFAULT_KERNEL = "mfg-lab";

export class UnknownKernelError extends Error {
  override readonly name = "UnknownKernelError";
}

export function jupyterDataDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromPath = (env.JUPYTER_PATH ?? "").split(delimiter).filter((d) => d !== "");
  const user = env.JUPYTER_DATA_DIR ?? join(env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "jupyter");
  return [...fromPath, user, "/usr/local/share/jupyter", "/usr/share/jupyter"];
}

export function findInstalledKernel(name: string, dirs: readonly string[] = jupyterDataDirs()): KernelSpec | undefined {
  for (const dir of dirs) {
    const file = join(dir, "kernels", name, "kernel.json");
    if (!existsSync(file)) continue;
    const spec = JSON.parse(readFileSync(file, "utf8")) as KernelSpec;
    if (!Array.isArray(spec.argv) || spec.argv.length === 0) throw new UnknownKernelError(`kernelspec ${file} has no argv`);
    return spec;
  }
  return undefined;
}

/**
 * This checkout's patched tslab through kernel/kernelspec's launcher; stock tslab from
 * node_modules only if the launcher is missing (projectKernelSpec throws then).
 */
export function projectSpec(): KernelSpec {
  try {
    return projectKernelSpec();
  } catch {
    return stockTslabSpec();
  }
}

export interface ResolvedKernel { readonly name: string; readonly spec: KernelSpec }

export function resolveKernel(requested: string | undefined, fromNotebook: string | undefined, file: string): ResolvedKernel {
  const name = requested ?? fromNotebook ?? DEFAULT_KERNEL;
  if (name === DEFAULT_KERNEL) return { name, spec: projectSpec() };
  const installed = findInstalledKernel(name);
  if (installed !== undefined) return { name, spec: installed };
  if (name === "tslab") return { name, spec: stockTslabSpec() };
  const where = requested !== undefined ? "--kernel" : "metadata.kernelspec.name";
  throw new UnknownKernelError(`${file}: unknown kernel "${name}" (from ${where}); it is not "${DEFAULT_KERNEL}" and no kernels/${name}/kernel.json exists in ${jupyterDataDirs().join(", ")}`);
}
