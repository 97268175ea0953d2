export * from "./args";
export * from "./progress";
export * from "./main";
