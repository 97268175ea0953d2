export * from "./problem";
export * from "./riccati";
export * from "./reference";
export * from "./monte-carlo";
