// Connection files: loopback only, free ports, a fresh random HMAC key, mode 0600, removed afterwards.
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ConnectionInfo {
  readonly transport: "tcp";
  readonly ip: string;
  readonly shell_port: number;
  readonly iopub_port: number;
  readonly stdin_port: number;
  readonly control_port: number;
  readonly hb_port: number;
  readonly key: string;
  readonly signature_scheme: "hmac-sha256";
  readonly kernel_name?: string;
}

export const LOOPBACK = "127.0.0.1";

/** Asks the OS for a free port by binding port 0 (small race with other processes, as in jupyter_client). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, LOOPBACK, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error("could not obtain a free port"))));
    });
  });
}

async function distinctPorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

export async function makeConnectionInfo(kernelName?: string): Promise<ConnectionInfo> {
  const [shell, iopub, stdin, control, hb] = (await distinctPorts(5)) as [number, number, number, number, number];
  return {
    transport: "tcp",
    ip: LOOPBACK,
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    ...(kernelName === undefined ? {} : { kernel_name: kernelName }),
  };
}

/** Writes the file with mode 0600 from the start (the key must never be world-readable). */
export async function writeConnectionFile(info: ConnectionInfo, dir = tmpdir()): Promise<string> {
  const file = join(dir, `mfg-lab-kernel-${process.pid}-${randomBytes(6).toString("hex")}.json`);
  await fs.writeFile(file, JSON.stringify(info, null, 2), { mode: 0o600, flag: "wx" });
  return file;
}

export async function removeConnectionFile(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}

export function endpoint(info: ConnectionInfo, port: number): string {
  return `${info.transport}://${info.ip}:${port}`;
}
