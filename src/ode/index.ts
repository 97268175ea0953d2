export * from "./problem";
export * from "./dgm-loss";
export * from "./solve";
export * from "./recipes";
