export * from "./rk4";
