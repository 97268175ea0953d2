export * from "./errors";
export * from "./curves";
