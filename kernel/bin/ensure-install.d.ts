// Types of ensure-install.js (plain JavaScript: it runs before anything, even tsx, is installed).
export interface InstallState {
  readonly nodeModules: "missing" | "dir" | "symlink";
  /** When node_modules was last installed (node_modules/.package-lock.json's mtime, else the folder's). */
  readonly installedMs?: number;
  readonly lockMs: number;
}
export interface InstallDecision {
  readonly action: "install" | "ok" | "skip";
  readonly reason: string;
}
export function decideInstall(state: InstallState): InstallDecision;
export function readState(root: string): InstallState;
