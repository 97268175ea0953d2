export * from "./parse";
export * from "./inject";
