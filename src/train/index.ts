export * from "./player";
export * from "./schedule";
export * from "./loop";
export * from "./joint";
export * from "./validate";
