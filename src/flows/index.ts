/**
 * src/flows — normalising flows as MFGs (problem 6A): OT-Flow's potential flow, its augmented
 * RK4 state [z, ℓ, L, R] on tensors, the loss, training variants V0/V1/V2 and their metrics.
 */
export * from "./potential";
export * from "./ot-flow";
export * from "./train";
export * from "./evaluate";
export * from "./figures";
