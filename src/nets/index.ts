export * from "./types";
export { mlp } from "./mlp";
export { dgm } from "./dgm";
export { ACTIVATIONS } from "./activations";
export { matMul } from "./mat-mul";
export { nestedJet, nestedOps, nestedScope } from "./nested";
export { netF64, type NetF64 } from "./f64";
