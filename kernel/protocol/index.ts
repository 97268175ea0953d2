export * from "./messages";
export * from "./wire";
export * from "./connection";
export * from "./kernel-process";
export * from "./errors";
export * from "./timer";
export { KernelClient } from "./client";
export type { StartOptions, ExecuteOptions } from "./client";
