export * from "./rk4";
export * from "./rk4-generic";
export * from "./dopri5";
