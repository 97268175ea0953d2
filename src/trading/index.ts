export * from "./problem";
export * from "./riccati";
export * from "./reference";
export * from "./monte-carlo";
export * from "./dgm-model";
export * from "./dgm-train";
export * from "./dgm-eval";
export * from "./report";
