export * from "./validate";
export * from "./ablation";
