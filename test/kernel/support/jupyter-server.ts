// Debian's classic Jupyter Notebook server (jupyter-notebook 6.4) for the browser test: bound to
// 127.0.0.1 on a free port, no token, every Jupyter path inside one temp folder (so nothing of the
// machine's own Jupyter set-up leaks in), our kernelspec installed there by `npm run kernel:install`.
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..", "..");

/** The jupyter-notebook command on PATH (Debian puts it in /usr/bin), or undefined. */
export function jupyterNotebookPath(): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((d) => d !== "");
  return [...dirs, "/usr/bin"].map((d) => join(d, "jupyter-notebook")).find((p) => existsSync(p));
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr !== null ? res(addr.port) : rej(new Error("no port"))));
    });
  });
}

export interface JupyterServer {
  readonly url: string;
  /** The served folder: `notebooks/` in it sits next to links to this checkout's src/ and kernel/. */
  readonly labDir: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

/**
 * A project-shaped folder: notebooks/ for the copies, and links to src/, kernel/, node_modules and
 * the config files, so that a notebook's own `import … from "../src"` works unchanged.
 */
function makeLab(base: string): string {
  const lab = join(base, "lab");
  mkdirSync(join(lab, "notebooks"), { recursive: true });
  for (const entry of ["src", "kernel", "node_modules", "package.json", "tsconfig.json"]) {
    symlinkSync(join(ROOT, entry), join(lab, entry));
  }
  return lab;
}

async function waitForApi(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`jupyter-notebook exited with ${proc.exitCode}:\n${log()}`);
    try {
      const r = await fetch(`${url}api/kernelspecs`);
      if (r.ok) {
        const specs = (await r.json()) as { kernelspecs: Record<string, unknown> };
        if (!("mfg-lab" in specs.kernelspecs)) throw new Error(`kernelspec mfg-lab not found by the server:\n${log()}`);
        return;
      }
    } catch (err) {
      if (err instanceof Error && err.message.includes("kernelspec")) throw err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`jupyter-notebook did not answer within 60 s:\n${log()}`);
}

export async function startJupyterNotebook(command: string): Promise<JupyterServer> {
  const base = mkdtempSync(join(tmpdir(), "jupyter-ui-"));
  const prefix = join(base, "prefix");
  // The README's command, as a user types it.
  execFileSync("npm", ["run", "-s", "kernel:install", "--", "--prefix", prefix], { cwd: ROOT, stdio: "pipe" });
  const labDir = makeLab(base);
  const dirs = { data: join(base, "data"), config: join(base, "config"), runtime: join(base, "runtime") };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const port = await freePort();
  const args = [
    "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--notebook-dir=${labDir}`,
    "--NotebookApp.token=", "--NotebookApp.password=", "--NotebookApp.disable_check_xsrf=True",
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
  const env = {
    ...process.env, HOME: base, JUPYTER_PATH: join(prefix, "share", "jupyter"), JUPYTER_DATA_DIR: dirs.data,
    JUPYTER_CONFIG_DIR: dirs.config, JUPYTER_CONFIG_PATH: dirs.config, JUPYTER_RUNTIME_DIR: dirs.runtime,
    JUPYTER_PLATFORM_DIRS: "0",
  };
  const proc = spawn(command, args, { cwd: labDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout?.on("data", (b: Buffer) => { output += b.toString(); });
  proc.stderr?.on("data", (b: Buffer) => { output += b.toString(); });
  const url = `http://127.0.0.1:${port}/`;
  const log = (): string => output;
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM"); // the server shuts its kernels down on SIGTERM
      const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(base, { recursive: true, force: true });
  };
  try {
    await waitForApi(url, proc, log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, labDir, log, stop };
}
