export * from "./rng";
export * from "./seeds";
