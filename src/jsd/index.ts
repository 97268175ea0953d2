export * from "./grid";
export * from "./divergence";
export * from "./fv-flow";
export * from "./mixture";
export * from "./generator";
export * from "./gan";
export * from "./train";
export * from "./logit-net";
