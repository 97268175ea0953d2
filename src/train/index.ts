export * from "./player";
export * from "./schedule";
export * from "./loop";
