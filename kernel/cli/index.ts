export * from "./args";
export * from "./progress";
export * from "./main";
export * from "./io";
export * from "./signals";
export * from "./sweep-args";
export * from "./sweep-command";
