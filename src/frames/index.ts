export * from "./rows";
