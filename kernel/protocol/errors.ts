import type { ExitInfo } from "./kernel-process";

export class KernelDiedError extends Error {
  override readonly name = "KernelDiedError";
  constructor(message: string, readonly exit: ExitInfo | null, readonly outputTail: string) {
    super(message);
  }
}

export class KernelStartError extends Error {
  override readonly name = "KernelStartError";
  constructor(message: string, readonly outputTail: string) {
    super(outputTail.trim() === "" ? message : `${message}\n--- kernel output ---\n${outputTail.trim()}`);
  }
}

export class ExecuteTimeoutError extends Error {
  override readonly name = "ExecuteTimeoutError";
  /** killed: the kernel ignored SIGINT for the whole grace period and was killed. */
  constructor(message: string, readonly timeoutMs: number, readonly killed: boolean) {
    super(message);
  }
}

export function describeExit(exit: ExitInfo | null): string {
  if (exit === null) return "kernel could not be started";
  return exit.signal !== null ? `kernel killed by ${exit.signal}` : `kernel exited with code ${String(exit.code)}`;
}
