export * from "./player";
export * from "./schedule";
export * from "./loop";
export * from "./optimizer-player";
export * from "./joint";
