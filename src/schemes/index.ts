export * from "./types";
export * from "./adversarial";
export * from "./joint";
