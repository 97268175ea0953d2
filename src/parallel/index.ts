export * from "./threads";
export * from "./job";
export * from "./job-pool";
