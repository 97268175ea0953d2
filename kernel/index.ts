// The notebook machinery. Executor side (engineer "executor"): protocol, nbformat, params,
// executor, cli. Kernel side (kernelspec, display, patches) is imported from its own folders.
export * as protocol from "./protocol";
export * as nbformat from "./nbformat";
export * as params from "./params";
export * as executor from "./executor";
export * as cli from "./cli";
