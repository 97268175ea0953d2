export * from "./bessel";
export * from "./problem";
export * from "./recipes";
