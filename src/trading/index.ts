export * from "./problem";
export * from "./spec";
export * from "./riccati";
export * from "./reference";
export * from "./monte-carlo";
export * from "./compare";
export * from "./baselines";
export * from "./report";
