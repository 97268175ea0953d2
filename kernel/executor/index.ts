export * from "./cache";
export * from "./kernels";
export * from "./failures";
export * from "./metadata";
export * from "./metrics";
export * from "./prepare";
export * from "./run-notebook";
export * from "./kernel-threads";
