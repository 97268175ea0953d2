// Live progress: one rewritten status line on a TTY, plain lines otherwise (CI logs).
import { basename } from "node:path";
import type { ProgressEvent, RunResult } from "../executor";

interface Active { cell: number; cells: number; since: number }

export class ProgressReporter {
  private readonly active = new Map<string, Active>();
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly out: NodeJS.WriteStream, private readonly tty = out.isTTY === true) {
    if (this.tty) {
      this.ticker = setInterval(() => this.redraw(), 500);
      this.ticker.unref();
    }
  }

  readonly onProgress = (e: ProgressEvent): void => {
    const name = basename(e.notebook);
    if (e.type === "start") {
      this.active.set(e.notebook, { cell: 0, cells: e.cells, since: Date.now() });
      if (!this.tty) this.out.write(`${name}: starting the kernel (${e.cells} code cells)\n`);
    } else if (e.type === "cell") {
      const a = this.active.get(e.notebook);
      if (a !== undefined) a.cell = e.cell;
      if (!this.tty) this.out.write(`${name}: cell ${e.cell}/${e.cells} (${(e.elapsedMs / 1000).toFixed(1)} s)\n`);
    } else {
      this.active.delete(e.notebook);
      this.line(resultLine(e.result));
    }
    this.redraw();
  };

  private line(text: string): void {
    this.out.write(this.tty ? `\r\x1b[K${text}\n` : `${text}\n`);
  }

  private redraw(): void {
    if (!this.tty) return;
    const parts = [...this.active.entries()].map(([nb, a]) => {
      const where = a.cell === 0 ? "starting kernel" : `cell ${a.cell}/${a.cells}`;
      return `${basename(nb)} ${where} ${((Date.now() - a.since) / 1000).toFixed(1)} s`;
    });
    this.out.write(`\r\x1b[K${parts.join(" | ")}`);
  }

  close(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    if (this.tty) this.out.write("\r\x1b[K");
  }
}

export function resultLine(r: RunResult): string {
  const head = `${r.status === "ok" ? "ok    " : "FAILED"} ${r.notebook} (${r.seconds.toFixed(1)} s) -> ${r.executedPath}`;
  return r.message === undefined ? head : `${head}\n${r.message}`;
}
