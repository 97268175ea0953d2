// Automatic reload: before each cell, project modules (anything require()d from outside
// node_modules, except the kernel itself) whose file changed since it was loaded are dropped from
// Node's module cache, together with every other project module, so that re-running a cell that
// imports them loads the new code. Installed packages (tfjs and its backend state) stay loaded.
import { statSync } from "node:fs";
import { dirname, join, sep } from "node:path";

const KERNEL_OWN = [join(dirname(__dirname), "server") + sep, join(dirname(__dirname), "protocol") + sep];

function isProjectModule(file: string): boolean {
  return !file.includes(`${sep}node_modules${sep}`) && !KERNEL_OWN.some((dir) => file.startsWith(dir)) &&
    /\.(c|m)?(t|j)sx?$/.test(file);
}

function mtimeOf(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined; // deleted: counts as changed
  }
}

export class ModuleReloader {
  private readonly seen = new Map<string, number | undefined>();

  /** Notes the modification times of project modules loaded since the last call (after a cell). */
  remember(): void {
    for (const file of Object.keys(require.cache)) {
      if (!this.seen.has(file) && isProjectModule(file)) this.seen.set(file, mtimeOf(file));
    }
  }

  /** Drops the project modules if any of them changed; returns the changed files. */
  refresh(): string[] {
    const changed: string[] = [];
    const project = Object.keys(require.cache).filter(isProjectModule);
    for (const file of project) {
      const now = mtimeOf(file);
      if (!this.seen.has(file)) this.seen.set(file, now);
      else if (this.seen.get(file) !== now) changed.push(file);
    }
    if (changed.length > 0) {
      for (const file of project) {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
        delete require.cache[file];
        this.seen.delete(file);
      }
    }
    return changed;
  }
}
