export * from "./bessel";
export * from "./problem";
