export * from "./types";
export { mlp } from "./mlp";
export { dgm } from "./dgm";
export { ACTIVATIONS } from "./activations";
export { glorot, glorotBlocks, namePrefix, zeroBias } from "./init";
export { matMul } from "../jet/linear";
export { nestedJet, nestedOps, nestedScope } from "./nested";
export { netF64, type NetF64 } from "./f64";
