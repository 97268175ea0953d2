export * from "./figure";
export * from "./builders";
