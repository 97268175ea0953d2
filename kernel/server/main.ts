// Entry point of the kernel process (argv: --config-path <connection file>), started by
// kernel/kernelspec/launch-kernel.js after it registered tsx.
import { readFileSync } from "node:fs";
import type { ConnectionInfo } from "../protocol/connection";
import { startKernelServer } from "./server";
import { logKernel } from "./sockets";

export function connectionFileFrom(argv: readonly string[]): string {
  const i = argv.indexOf("--config-path");
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--config-path="))?.slice("--config-path=".length);
  if (value === undefined || value === "") throw new Error("usage: mfg-lab kernel --config-path <connection_file>");
  return value;
}

export function readConnectionInfo(file: string): ConnectionInfo {
  const info = JSON.parse(readFileSync(file, "utf8")) as Partial<ConnectionInfo>;
  for (const key of ["ip", "key", "transport"] as const) {
    if (typeof info[key] !== "string") throw new Error(`connection file ${file}: "${key}" must be a string`);
  }
  for (const key of ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const) {
    if (typeof info[key] !== "number") throw new Error(`connection file ${file}: "${key}" must be a port number`);
  }
  if (info.signature_scheme !== undefined && info.signature_scheme !== "hmac-sha256" && info.key !== "") {
    throw new Error(`connection file ${file}: signature_scheme ${JSON.stringify(info.signature_scheme)} unsupported (hmac-sha256 only)`);
  }
  return info as ConnectionInfo;
}

export async function main(argv: readonly string[]): Promise<void> {
  const server = await startKernelServer(readConnectionInfo(connectionFileFrom(argv)));
  // A cell's stray exception must not take the kernel (and every variable) down.
  process.on("uncaughtException", (err) => { process.stderr.write(`Uncaught exception: ${err.stack ?? String(err)}\n`); });
  process.on("unhandledRejection", (reason) => {
    process.stderr.write(`Unhandled promise rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}\n`);
  });
  await server.stopped;
  // Libraries loaded by cells (timers, wasm) may keep the event loop alive.
  process.exit(0);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    logKernel(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
