export {
  KERNEL_DISPLAY_NAME,
  KERNEL_LANGUAGE,
  KERNEL_NAME,
  launcherPath,
  projectKernelSpec,
  projectRoot,
} from "./spec";
export type { KernelSpecJson, KernelSpecOptions } from "./spec";
export { installKernelSpec, jupyterDataDir, kernelSpecDir } from "./install";
export type { DataDirInputs, InstallOptions } from "./install";
export { parseInstallArgs, runInstallCli } from "./cli";
