export { startKernelServer } from "./server";
export type { KernelServer } from "./server";
export { connectionFileFrom, main, readConnectionInfo } from "./main";
export { diagnosticsError, errorContent, resultText } from "./errors";
export { Cells } from "./cells";
export type { CellOutcome } from "./cells";
