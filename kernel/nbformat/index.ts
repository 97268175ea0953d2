export * from "./types";
export * from "./read";
export * from "./write";
export * from "./outputs";
