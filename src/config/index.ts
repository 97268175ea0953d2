export * from "./validate";
