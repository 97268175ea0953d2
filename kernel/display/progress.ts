// A progress line that updates in place: one display_id in a kernel (update_display_data), a
// carriage-return line on a terminal, throttled lines otherwise — never thousands of outputs.
import { progressBundle } from "./bundles";
import { kernelApi, sendBundle, TslabDisplay } from "./runtime";

export interface Progress {
  /** New status text (e.g. "step 120/2000 loss 3.1e-3"); throttled to minIntervalMs. */
  update(text: string): void;
  /**
   * Shows the last text (or `text`) with the elapsed time, unless that text already states a
   * duration ("… in 3.2 s"): the time is said once. Later updates are ignored.
   */
  done(text?: string): void;
}

export interface ProgressOptions {
  /** Minimum time between two shown updates (default 250 ms in a kernel/TTY, 5 s in logs). */
  readonly minIntervalMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** A number followed by a time unit: "3.2 s", "12ms", "1.5 min", "2 h". */
const STATES_DURATION = /\d(?:\.\d+)?\s?(?:ms|s|sec|seconds?|min|minutes?|h)\b/;

type Show = (line: string, final: boolean) => void;

function kernelShow(label: string, handle: TslabDisplay): Show {
  return (line) => sendBundle(handle, progressBundle(label, line));
}

function consoleShow(label: string): Show {
  const tty = process.stdout.isTTY === true;
  return (line, final) => {
    const text = `${label}: ${line}`;
    if (tty) process.stdout.write(`\r\x1b[2K${text}${final ? "\n" : ""}`);
    else console.log(text);
  };
}

export function progress(label: string, opts: ProgressOptions = {}): Progress {
  const api = kernelApi();
  const now = opts.now ?? Date.now;
  const defaultInterval = api !== null || process.stdout.isTTY === true ? 250 : 5000;
  const minInterval = opts.minIntervalMs ?? defaultInterval;
  const show: Show = api !== null ? kernelShow(label, api.newDisplay()) : consoleShow(label);
  const start = now();
  let lastShown = -Infinity;
  let last = "started";
  let finished = false;
  show(last, false);
  return {
    update(text: string): void {
      if (finished) return;
      last = text;
      const t = now();
      if (t - lastShown < minInterval) return;
      lastShown = t;
      show(text, false);
    },
    done(text?: string): void {
      if (finished) return;
      finished = true;
      const final = text ?? last;
      const seconds = ((now() - start) / 1000).toFixed(1);
      show(STATES_DURATION.test(final) ? final : `${final} (done in ${seconds} s)`, true);
    },
  };
}
