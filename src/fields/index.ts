export * from "./input-map";
export * from "./net-jet";
export * from "./density";
export * from "./offset";
